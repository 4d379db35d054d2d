package services_test

import (
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/servicesapi"
	st "stepperslife/services/services/servicestest"
)

// TestPublicAnswersAreKeptUntilAWrite: the directory's search, a listing, its
// reviews and availability, the categories, the feed and the directory's own pages
// carry an ETag and answer 304 while nothing changed; the next read after a write (a
// review, a day marked booked, a suspension) is fresh; signed-in answers are never
// shared; every visit is still counted — on both databases.
func TestPublicAnswersAreKeptUntilAWrite(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		p := s.Listed(st.Owner, st.Application("Southside Sounds"))
		day := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
		html := []string{"Accept", "text/html"}
		list, listing, reviews := "/api/providers?limit=5", "/api/providers/"+p.Slug, "/api/providers/"+p.ID+"/reviews"
		categories, free, feed := "/api/categories", "/api/providers/"+p.ID+"/availability?date="+day, "/api/feed?limit=5"
		search, page := "/?category=DJ", "/providers/"+p.Slug
		etags := map[string]string{}
		s.KeptAll(etags, []string{list, listing, reviews, categories, free, feed})
		s.KeptAll(etags, []string{search, page}, html...)
		// The same search asked in another spelling is the same answer.
		if again := s.Kept("/api/providers?utm=x&limit=5&q=+"); again != etags[list] {
			t.Errorf("a search in another spelling: %q, was %q", again, etags[list])
		}

		s.Private(listing, st.Owner)
		s.Private(free, st.Owner)
		if body := string(s.Private(page, st.Customer, html...).Body); !strings.Contains(body, "Cara Customer") {
			t.Errorf("a signed-in customer's page does not name them:\n%s", body)
		}

		// A review changes the listing's rating everywhere it shows.
		s.Must(201, "POST", "/api/providers/"+p.ID+"/reviews", st.Customer, map[string]any{"rating": 4, "body": "Packed the floor"})
		s.ChangedAll(etags, []string{list, listing}, `"reviewCount":1`)
		s.Changed(reviews, etags[reviews], "Packed the floor")
		etags[page] = s.Changed(page, etags[page], "Packed the floor", html...).Header.Get("ETag")
		etags[search] = s.Changed(search, etags[search], "4.0", html...).Header.Get("ETag")

		s.Must(200, "PUT", "/api/providers/"+p.ID+"/booked/"+day, st.Owner, nil)
		s.Changed(free, etags[free], `"booked":true`)
		s.Changed(page+"?eventDate="+day, "", "booked", html...)

		// Suspended, the listing leaves the directory at once.
		s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/suspend", st.Admin, map[string]string{"reason": "complaints"})
		if res := s.Changed(list, etags[list], ""); strings.Contains(string(res.Body), p.ID) {
			t.Fatalf("a suspended listing is still listed: %s", res.Body)
		}
		if res := s.Changed(categories, etags[categories], ""); !strings.Contains(string(res.Body), `"count":0`) {
			t.Fatalf("categories after a suspension: %s", res.Body)
		}
		for _, path := range []string{listing, page} {
			if res := s.Do("GET", path, nil, nil, "If-None-Match", etags[path]); res.Status != 404 {
				t.Fatalf("%s of a suspended listing: %d", path, res.Status)
			}
		}
	})
}

// Visits answered from the cache, in full or with 304, are counted as before.
func TestKeptPagesCountVisits(t *testing.T) {
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Counted Sounds"))
	etag := s.Kept("/api/providers/"+p.Slug, "Accept", "application/json") // two visits
	s.Do("GET", "/providers/"+p.Slug, nil, nil, "Accept", "text/html")
	s.Do("GET", "/api/providers/"+p.Slug, nil, nil, "If-None-Match", etag)
	s.Must(200, "GET", "/api/providers/"+p.Slug, st.Owner, nil) // its own visit does not count
	var stats servicesapi.ListingStats
	s.Must(200, "GET", "/api/providers/"+p.ID+"/stats", st.Owner, nil).JSON(t, &stats)
	if stats.Views30 != 4 {
		t.Fatalf("views: %d, want 4", stats.Views30)
	}
}
