package magazine_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/adminq"
	"stepperslife/services/magazine/magazinetest"
)

// Two people editing at once: the second save, made on the version both read, is
// refused with 409 and nothing of the first is lost.
func TestAStaleEditIsRefused(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		a := s.Submitted(writer, "Two Hands", "TUTORIALS")
		s.Must(200, "PATCH", "/api/articles/"+a.ID, editor, map[string]any{"title": "Two Hands, One Beat", "version": a.Version})
		if r := s.Must(409, "PATCH", "/api/articles/"+a.ID, editor, map[string]any{"title": "Two Left Feet", "version": a.Version}); r.Code() != "CONFLICT" {
			t.Errorf("%s", r.Body)
		}
		if got := s.Get(editor, a.Slug); got.Title != "Two Hands, One Beat" || got.Version != a.Version+1 {
			t.Errorf("%+v", got)
		}
		if r := s.Must(409, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"title": "Mine now"}); r.Code() != "INVALID_TRANSITION" {
			t.Errorf("the writer edited an article with the editors: %s", r.Body)
		}
		s.Must(404, "PATCH", "/api/articles/"+a.ID, other, map[string]any{"title": "Not mine"})
	})
}

// An address set before publishing stays once published; every address the article
// had still finds it.
func TestOldAddressesFindTheArticle(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Draft(writer, "Bop City", "HISTORY")
	var got magazineapi.Article
	s.Must(200, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"slug": "bop-city"}).JSON(t, &got)
	s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", writer, nil)
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, nil)
	for _, slug := range []string{a.Slug, "bop-city"} {
		if got := s.Get(nil, slug); got.ID != a.ID || got.Slug != "bop-city" || got.URL != s.URL+"/articles/bop-city" {
			t.Errorf("%s: %+v", slug, got)
		}
	}
	r := s.Must(400, "PATCH", "/api/articles/"+a.ID, editor, map[string]any{"slug": "bop-town"})
	if !strings.Contains(string(r.Body), "slug") {
		t.Errorf("%s", r.Body)
	}
	b := s.Draft(other, "Another", "NEWS")
	s.Must(400, "PATCH", "/api/articles/"+b.ID, other, map[string]any{"slug": a.Slug})
}

// A writer's edit of a published article waits for an editor; readers keep the
// published text until it is approved; an earlier text can be restored.
func TestRevisionsWaitForAnEditorAndCanBeRestored(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		a := s.Published(writer, "Steppin Shoes", "FASHION")
		var got magazineapi.Article
		s.Must(200, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"body": "Suede soles glide best.",
			"version": a.Version}).JSON(t, &got)
		if got.PendingRevision == nil || got.PendingRevision.Body != "Suede soles glide best." || got.Status != "PUBLISHED" {
			t.Fatalf("%+v", got)
		}
		if pub := s.Get(nil, a.Slug); strings.Contains(pub.BodyHTML, "Suede") || pub.PendingRevision != nil {
			t.Fatalf("readers see an unapproved revision: %+v", pub)
		}
		var queue struct{ Items []adminq.Item }
		s.Must(200, "GET", "/api/admin/queue", editor, nil).JSON(t, &queue)
		if len(queue.Items) != 1 || queue.Items[0].Kind != "article_revision" || !strings.HasSuffix(queue.Items[0].URL, "/admin/articles/"+a.ID) {
			t.Errorf("queue %+v", queue.Items)
		}
		s.Must(403, "POST", "/api/admin/articles/"+a.ID+"/revision/approve", writer, nil)
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/revision/approve", editor, nil)
		if pub := s.Get(nil, a.Slug); !strings.Contains(pub.BodyHTML, "Suede") {
			t.Fatalf("approved revision not shown: %s", pub.BodyHTML)
		}
		s.Must(409, "POST", "/api/admin/articles/"+a.ID+"/revision/approve", editor, nil)
		var revs struct{ Items []magazineapi.Revision }
		s.Must(200, "GET", "/api/articles/"+a.ID+"/revisions", editor, nil).JSON(t, &revs)
		var first string
		for _, r := range revs.Items {
			if r.Status == "REPLACED" && strings.Contains(r.Body, "On the floor") {
				first = r.ID
			}
		}
		if len(revs.Items) != 2 || first == "" {
			t.Fatalf("revisions %+v", revs.Items)
		}
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/revisions/"+first+"/restore", editor, nil)
		if pub := s.Get(nil, a.Slug); strings.Contains(pub.BodyHTML, "Suede") || !strings.Contains(pub.BodyHTML, "On the floor") {
			t.Errorf("not restored: %s", pub.BodyHTML)
		}
		s.Must(404, "POST", "/api/admin/articles/"+a.ID+"/revisions/nope/restore", editor, nil)
	})
}

// A refresh does not count again; another reader does.
func TestViewsCountEachReaderOnceADay(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Published(writer, "Counted", "NEWS")
	for range 3 {
		s.Get(reader, a.Slug)
	}
	s.Get(nil, a.Slug)
	s.Get(nil, a.Slug)
	if got := s.Get(other, a.Slug); got.Views != 2 {
		t.Errorf("views %d after a reader's refreshes and one visitor's, before this reading counted", got.Views)
	}
	if got := s.Get(other, a.Slug); got.Views != 3 {
		t.Errorf("views %d", got.Views)
	}
	d := s.Draft(writer, "Uncounted", "NEWS")
	s.Get(writer, d.Slug)
	if got := s.Get(writer, d.Slug); got.Views != 0 {
		t.Errorf("a preview counted: %d", got.Views)
	}
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestACoverAndAnInlineImage(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Draft(writer, "Covered", "LIFESTYLE")
	var got magazineapi.Article
	s.Must(200, "PUT", "/api/articles/"+a.ID+"/cover?alt=Dancers+on+the+floor", writer, pngOf(t, 120, 63),
		"Content-Type", "image/png").JSON(t, &got)
	if !strings.HasPrefix(got.CoverURL, s.URL+"/media/covers/") || got.CoverAlt != "Dancers on the floor" {
		t.Fatalf("%+v", got)
	}
	img := s.Must(200, "GET", strings.TrimPrefix(got.CoverURL, s.URL), nil, nil)
	if !strings.HasPrefix(img.Header.Get("Content-Type"), "image/") {
		t.Errorf("%v", img.Header)
	}
	s.Must(404, "PUT", "/api/articles/"+a.ID+"/cover", other, pngOf(t, 10, 10), "Content-Type", "image/png")
	var inline magazineapi.Image
	s.Must(201, "POST", "/api/articles/"+a.ID+"/images?alt=The+crowd", writer, pngOf(t, 40, 30), "Content-Type", "image/png").JSON(t, &inline)
	if !strings.HasPrefix(inline.URL, "/media/inline/") || inline.Markdown != "![The crowd]("+inline.URL+")" {
		t.Fatalf("%+v", inline)
	}
	s.Must(200, "GET", inline.URL, nil, nil)
	s.Must(200, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"body": "Look:\n\n" + inline.Markdown}).JSON(t, &got)
	if !strings.Contains(got.BodyHTML, `<img src="`+inline.URL+`" alt="The crowd"`) {
		t.Errorf("%s", got.BodyHTML)
	}
	s.Must(404, "GET", "/media/../secrets", nil, nil)
}

// Script typed into a body never reaches bodyHtml.
func TestNoScriptReachesBodyHTML(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	body := strings.Join([]string{`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `[x](javascript:alert(1))`,
		`<iframe src="https://evil.example"></iframe>`, `<svg onload=alert(1)>`, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90"}, "\n\n")
	a := s.Draft(writer, "Tricky", "NEWS")
	var got magazineapi.Article
	s.Must(200, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"body": body}).JSON(t, &got)
	low := strings.ToLower(got.BodyHTML)
	for _, bad := range []string{"<script", "onerror", "javascript:", "evil.example", "<svg", "onload"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s in %s", bad, got.BodyHTML)
		}
	}
	if !strings.Contains(got.BodyHTML, `src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90"`) {
		t.Errorf("the allowed embed is missing: %s", got.BodyHTML)
	}
}
