package magazine_test

import (
	"strings"
	"testing"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/services/magazine/magazinetest"
)

// A writer shares a draft with another writer by e-mail: the co-author edits and
// submits it, finds it among their articles, and shares the byline on the page and
// in its JSON-LD; only the article's own writer shares or unshares it; a co-author
// without the writer role edits nothing.
func TestCoAuthorsShareTheDraftAndTheByline(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		a := s.Draft(writer, "Two Voices on the Floor", "INTERVIEWS")
		s.Must(404, "PATCH", "/api/articles/"+a.ID, other, map[string]any{"subtitle": "Not yet mine"})
		path := "/api/articles/" + a.ID + "/coauthors"
		if r := s.Must(400, "POST", path, writer, map[string]any{"email": "not an address"}); r.Code() != "VALIDATION_FAILED" {
			t.Errorf("%s", r.Body)
		}
		s.Must(400, "POST", path, writer, map[string]any{"email": writer.Email})
		s.Must(404, "POST", path, other, map[string]any{"email": other.Email})
		var got magazineapi.Article
		s.Must(200, "POST", path, writer, map[string]any{"email": strings.ToUpper(other.Email), "name": "Walt Writer"}).JSON(t, &got)
		if len(got.CoAuthors) != 1 || got.CoAuthors[0].Email != other.Email || got.CoAuthors[0].Name != "Walt Writer" {
			t.Fatalf("%+v", got.CoAuthors)
		}
		// A reader who signs in with that address is no writer: they edit nothing.
		notAWriter := *reader
		notAWriter.Email = other.Email
		s.Must(404, "PATCH", "/api/articles/"+a.ID, &notAWriter, map[string]any{"subtitle": "x"})

		s.Must(200, "PATCH", "/api/articles/"+a.ID, other, map[string]any{"subtitle": "Walt adds a line", "version": got.Version}).JSON(t, &got)
		if got.Subtitle != "Walt adds a line" || got.Body == "" {
			t.Fatalf("%+v", got)
		}
		if r := s.Must(403, "POST", path, other, map[string]any{"email": "third@example.com"}); r.Code() != "FORBIDDEN" {
			t.Errorf("a co-author shared it further: %s", r.Body)
		}
		var mine struct{ Items []magazineapi.Article }
		s.Must(200, "GET", "/api/me/articles", other, nil).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].ID != a.ID {
			t.Fatalf("the co-author's articles: %+v", mine.Items)
		}
		s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", other, nil)
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, nil)

		pub := s.Get(nil, a.Slug)
		if len(pub.CoAuthors) != 1 || pub.CoAuthors[0].Name != "Walt Writer" || pub.CoAuthors[0].Email != "" {
			t.Errorf("readers see %+v", pub.CoAuthors)
		}
		status, body := page(t, s.Browser(nil), s.URL+"/articles/"+a.Slug)
		if status != 200 || !strings.Contains(body, "Wanda Writer</a> and Walt Writer") {
			t.Errorf("byline: %d", status)
		}
		_, ld := meta(t, body)
		authors, _ := ld["author"].([]any)
		if len(authors) != 2 || authors[1].(map[string]any)["name"] != "Walt Writer" {
			t.Errorf("JSON-LD authors %v", ld["author"])
		}

		var after magazineapi.Article
		s.Must(200, "DELETE", path+"/"+other.Email, writer, nil).JSON(t, &after)
		if after.ID != a.ID || len(after.CoAuthors) != 0 {
			t.Errorf("%+v", after.CoAuthors)
		}
		s.Must(404, "DELETE", path+"/"+other.Email, writer, nil)
		s.Must(403, "PATCH", "/api/articles/"+a.ID, other, map[string]any{"subtitle": "No longer mine"})
	})
}
