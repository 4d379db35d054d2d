package magazine_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/services/magazine/magazinetest"
)

// TestPublicAnswersAreKeptUntilAWrite: the article list, an article, the legends,
// the feeds, the sitemap and the magazine's own pages carry an ETag and answer 304
// while nothing changed — a reading counted included; the next read after a write
// (an article published, archived) is fresh; signed-in answers are never shared — on
// both databases.
func TestPublicAnswersAreKeptUntilAWrite(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		a := s.Published(writer, "First Steps", "TUTORIALS", "basics")
		html := []string{"Accept", "text/html"}
		list, article, legends, feed := "/api/articles?limit=5", "/api/articles/"+a.Slug, "/api/legends", "/api/feed?limit=5"
		atom, rss, section, sitemap := "/feed.xml", "/rss.xml", "/category/tutorials/feed.xml", "/sitemap.xml"
		home, page, sectionPage, tagPage, legendsPage := "/", "/articles/"+a.Slug, "/category/tutorials", "/tags/basics", "/legends"
		etags := map[string]string{}
		s.KeptAll(etags, []string{list, article, legends, feed, atom, rss, section, sitemap})
		s.KeptAll(etags, []string{home, page, sectionPage, tagPage, legendsPage}, html...)

		s.Private(article, writer)
		if body := string(s.Private(page, writer, html...).Body); !strings.Contains(body, "Wanda Writer") {
			t.Errorf("the writer's own article page does not name them:\n%s", body)
		}
		draft := s.Draft(writer, "Not Yet", "NEWS")
		s.Private("/articles/"+draft.Slug, writer, html...) // a preview
		s.Must(http.StatusNotFound, "GET", "/articles/"+draft.Slug, nil, nil, html...)

		b := s.Published(writer, "Second Steps", "TUTORIALS", "basics")
		s.ChangedAll(etags, []string{list, feed, atom, rss, section, sitemap}, b.Slug)
		// The article page lists it as related.
		s.ChangedAll(etags, []string{home, sectionPage, tagPage, page}, "Second Steps", html...)

		s.Must(http.StatusOK, "POST", "/api/admin/articles/"+a.ID+"/archive", editor, nil)
		for _, p := range []string{atom, rss, section} {
			if res := s.Changed(p, etags[p], ""); strings.Contains(string(res.Body), "First Steps") {
				t.Fatalf("%s still carries an archived article:\n%s", p, res.Body)
			}
		}
		if res := s.Changed(home, etags[home], "", html...); strings.Contains(string(res.Body), "First Steps") {
			t.Fatal("the home page still lists an archived article")
		}
	})
}

// An article scheduled for a time appears in the feeds at that time, the scheduler's
// publication being a write: a reader revalidating the feed is not told it has not
// changed.
func TestAScheduledArticleReachesTheKeptFeeds(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	s.Published(writer, "Already Out", "NEWS")
	a := s.Submitted(writer, "On the Hour", "NEWS")
	etag := s.Kept("/feed.xml")
	page := s.Kept("/", "Accept", "text/html")
	s.Must(http.StatusOK, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, map[string]any{"publishAt": magazinetest.In(time.Second)})
	deadline := time.Now().Add(30 * time.Second)
	for {
		res := s.Do("GET", "/feed.xml", nil, nil, "If-None-Match", etag)
		if res.Status == http.StatusOK && strings.Contains(string(res.Body), "On the Hour") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the scheduled article never reached the feed: %d", res.Status)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Changed("/", page, "On the Hour", "Accept", "text/html")
}
