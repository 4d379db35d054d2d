package magazine_test

import (
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/services/magazine/magazinetest"
)

// The demo publishes real-looking articles with covers, one featured first, and three
// legends with approved memories (one more waiting); the feeds carry the articles;
// loading twice adds nothing.
func TestTheDemoMagazine(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		opts := magazinetest.Options{DatabaseURL: dbURL, Demo: true, Env: map[string]string{"DATA_DIR": t.TempDir()}}
		s := magazinetest.Start(t, opts)
		var list struct {
			Items      []magazineapi.Article
			Pagination struct{ Total int }
		}
		s.Must(200, "GET", "/api/articles", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 6 || !list.Items[0].Featured || list.Items[0].Category != "HISTORY" {
			t.Fatalf("%+v", list)
		}
		for _, a := range list.Items {
			if a.CoverURL == "" || a.Excerpt == "" || len(a.Tags) == 0 {
				t.Errorf("%s: %+v", a.Title, a)
			}
		}
		img := s.Must(200, "GET", strings.TrimPrefix(list.Items[1].CoverURL, s.URL), nil, nil)
		if img.Header.Get("Content-Type") != "image/jpeg" || len(img.Body) < 10_000 {
			t.Errorf("cover %v %d", img.Header, len(img.Body))
		}
		f, err := gofeed.NewParser().ParseString(string(s.Must(200, "GET", "/feed.xml", nil, nil).Body))
		if err != nil || len(f.Items) != 6 {
			t.Fatalf("%v %d", err, len(f.Items))
		}
		var legends struct {
			Items      []magazineapi.Legend
			Pagination struct{ Total int }
		}
		s.Must(200, "GET", "/api/legends", nil, nil).JSON(t, &legends)
		if legends.Pagination.Total != 3 {
			t.Fatalf("%+v", legends)
		}
		for _, l := range legends.Items {
			var full magazineapi.Legend
			s.Must(200, "GET", "/api/legends/"+l.Slug, nil, nil).JSON(t, &full)
			if len(full.Memories) == 0 || len(full.Timeline) == 0 || full.PortraitURL == "" || full.BioHTML == "" {
				t.Errorf("%s: %+v", l.Name, full)
			}
		}
		var waiting struct{ Items []magazineapi.Memory }
		s.Must(200, "GET", "/api/admin/memories", magazinetest.Editor, nil).JSON(t, &waiting)
		if len(waiting.Items) != 1 {
			t.Errorf("memories waiting: %+v", waiting)
		}
		s.Stop()
		s.Instance.Close()
		again := magazinetest.Start(t, opts)
		again.Must(200, "GET", "/api/articles", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 6 {
			t.Errorf("loaded twice: %d", list.Pagination.Total)
		}
		again.Must(200, "GET", "/api/legends", nil, nil).JSON(t, &legends)
		if legends.Pagination.Total != 3 {
			t.Errorf("legends loaded twice: %d", legends.Pagination.Total)
		}
	})
}
