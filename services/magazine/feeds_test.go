package magazine_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"stepperslife/services/magazine/magazinetest"
)

// Atom and RSS, site-wide and per category, parse with a real feed library and carry
// the published articles newest first, with full, sanitized content in Atom.
func TestFeedsParseWithAFeedLibrary(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	first := s.Published(writer, "First Steps", "TUTORIALS", "basics")
	second := s.Published(other, "Bop Legends", "HISTORY")
	s.Draft(writer, "Not Yet", "NEWS")
	archived := s.Published(writer, "Old News", "NEWS")
	s.Must(200, "POST", "/api/admin/articles/"+archived.ID+"/archive", editor, nil)
	s.Must(200, "PATCH", "/api/articles/"+first.ID, editor, map[string]any{"body": "Step <script>alert(1)</script> together."})

	for path, want := range map[string]struct {
		kind   string
		titles []string
	}{
		"/feed.xml":                    {"atom", []string{"Bop Legends", "First Steps"}},
		"/rss.xml":                     {"rss", []string{"Bop Legends", "First Steps"}},
		"/category/tutorials/feed.xml": {"atom", []string{"First Steps"}},
		"/category/history/rss.xml":    {"rss", []string{"Bop Legends"}},
	} {
		r := s.Must(200, "GET", path, nil, nil)
		f, err := gofeed.NewParser().ParseString(string(r.Body))
		if err != nil {
			t.Fatalf("%s: %v\n%s", path, err, r.Body)
		}
		if f.FeedType != want.kind || !strings.HasPrefix(f.Title, "SteppersLife Magazine") {
			t.Errorf("%s: %s %q", path, f.FeedType, f.Title)
		}
		var titles []string
		for _, it := range f.Items {
			titles = append(titles, it.Title)
			if !strings.HasPrefix(it.Link, s.URL+"/articles/") || it.PublishedParsed == nil || len(it.Authors) == 0 {
				t.Errorf("%s: item %+v", path, it)
			}
			if strings.Contains(strings.ToLower(it.Content+it.Description), "<script") {
				t.Errorf("%s: script in %q", path, it.Content)
			}
		}
		if strings.Join(titles, "|") != strings.Join(want.titles, "|") {
			t.Errorf("%s: items %q, want %q", path, titles, want.titles)
		}
		if want.kind == "atom" && strings.Contains(path, "tutorials") && !strings.Contains(f.Items[0].Content, "together") {
			t.Errorf("%s: no content: %+v", path, f.Items[0])
		}
	}
	_ = second
	s.Must(404, "GET", "/category/gossip/feed.xml", nil, nil)
}

// A reader that has the feed already gets 304, by ETag or by date; a new article
// changes the ETag.
func TestFeedsAnswer304WhenUnchanged(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	s.Published(writer, "First Steps", "TUTORIALS")
	r := s.Must(200, "GET", "/feed.xml", nil, nil)
	etag, last := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
	if etag == "" || last == "" {
		t.Fatalf("no validators: %v", r.Header)
	}
	s.Must(http.StatusNotModified, "GET", "/feed.xml", nil, nil, "If-None-Match", etag)
	s.Must(http.StatusNotModified, "GET", "/feed.xml", nil, nil, "If-Modified-Since", last)
	// A validator is checked against the copy of the address it came from: the RSS
	// feed answers 304 to its own.
	rss := s.Must(200, "GET", "/rss.xml", nil, nil)
	if !strings.Contains(string(rss.Body), "<rss") {
		t.Fatalf("RSS feed: %s", rss.Body)
	}
	s.Must(http.StatusNotModified, "GET", "/rss.xml", nil, nil, "If-None-Match", rss.Header.Get("ETag"))
	second := s.Published(writer, "Second Steps", "TUTORIALS")
	s.Must(200, "GET", "/feed.xml", nil, nil, "If-None-Match", etag)

	// Archiving the newest article changes the feed: a reader revalidating by date
	// alone must not be told it has not.
	r = s.Must(200, "GET", "/feed.xml", nil, nil)
	last = r.Header.Get("Last-Modified")
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second))) // Last-Modified counts whole seconds
	s.Must(200, "POST", "/api/admin/articles/"+second.ID+"/archive", editor, nil)
	s.Must(200, "GET", "/feed.xml", nil, nil, "If-Modified-Since", last)
}

func TestSitemapAndRobots(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Published(writer, "Mapped", "MUSIC")
	d := s.Draft(writer, "Unmapped", "MUSIC")
	r := s.Must(200, "GET", "/sitemap.xml", nil, nil)
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(r.Body, &set); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
	}
	if !locs[s.URL+"/articles/"+a.Slug] || locs[s.URL+"/articles/"+d.Slug] || !locs[s.URL+"/category/music"] || !locs[s.URL+"/"] {
		t.Errorf("sitemap %v", locs)
	}
	robots := string(s.Must(200, "GET", "/robots.txt", nil, nil).Body)
	if !strings.Contains(robots, "Sitemap: "+s.URL+"/sitemap.xml") || !strings.Contains(robots, "Disallow: /admin") {
		t.Errorf("%s", robots)
	}
}
