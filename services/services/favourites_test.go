package services_test

import (
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/web"
	st "stepperslife/services/services/servicestest"
)

// A customer saves and forgets listings; a suspended one leaves their list. The
// provider's dashboard counts the page's views (not its own) and shows the rating
// month by month.
func TestFavouritesViewsAndTrend(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		a := s.Listed(st.Owner, st.Application("Saved Sounds"))
		b := s.Listed(st.OtherOwner, st.Application("Other Sounds"))
		s.Must(401, "PUT", "/api/me/favourites/"+a.ID, nil, nil)
		s.Must(204, "PUT", "/api/me/favourites/"+a.ID, st.Customer, nil)
		s.Must(204, "PUT", "/api/me/favourites/"+a.ID, st.Customer, nil) // twice is once
		s.Must(204, "PUT", "/api/me/favourites/"+b.Slug, st.Customer, nil)
		s.Must(404, "PUT", "/api/me/favourites/nope", st.Customer, nil)
		var list web.List[servicesapi.Provider]
		s.Must(200, "GET", "/api/me/favourites", st.Customer, nil).JSON(t, &list)
		if list.Pagination.Total != 2 || list.Items[0].ID != b.ID {
			t.Fatalf("favourites: %+v", list)
		}
		s.Must(200, "GET", "/api/me/favourites", st.CustomerN(9), nil).JSON(t, &list)
		if list.Pagination.Total != 0 {
			t.Fatalf("another customer's favourites: %+v", list)
		}
		s.Must(200, "POST", "/api/admin/providers/"+b.ID+"/suspend", st.Admin, map[string]string{"reason": "complaints"})
		s.Must(204, "DELETE", "/api/me/favourites/"+a.ID, st.Customer, nil)
		s.Must(200, "GET", "/api/me/favourites", st.Customer, nil).JSON(t, &list)
		if list.Pagination.Total != 0 {
			t.Fatalf("after forgetting and a suspension: %+v", list)
		}

		for range 3 {
			s.Must(200, "GET", "/api/providers/"+a.Slug, st.Customer, nil)
		}
		s.Must(200, "GET", "/api/providers/"+a.Slug, nil, nil)
		s.Must(200, "GET", "/api/providers/"+a.Slug, st.Owner, nil) // its own visit does not count
		s.Must(200, "GET", "/api/providers/"+a.Slug, st.Admin, nil)
		s.Must(201, "POST", "/api/providers/"+a.ID+"/reviews", st.CustomerN(1), map[string]any{"rating": 5})
		s.Must(201, "POST", "/api/providers/"+a.ID+"/reviews", st.CustomerN(2), map[string]any{"rating": 4})
		var stats servicesapi.ListingStats
		s.Must(200, "GET", "/api/providers/"+a.ID+"/stats", st.Owner, nil).JSON(t, &stats)
		last := stats.Trend[len(stats.Trend)-1]
		if stats.Views30 != 4 || len(stats.Trend) != 6 || last.Count != 2 || last.Average == nil || *last.Average != 4.5 ||
			stats.Trend[0].Average != nil {
			t.Fatalf("stats: %+v", stats)
		}
		s.Must(403, "GET", "/api/providers/"+a.ID+"/stats", st.Customer, nil)
	})
}

// The listing page's save button, and the dashboard's figures.
func TestFavouritesAndFiguresOnThePages(t *testing.T) {
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Button Beats"))
	code, body := post(t, s, st.Customer, "/providers/"+p.Slug+"/save", url.Values{})
	if code != 200 || !strings.Contains(body, "Saved to your favourites") || !strings.Contains(body, "/providers/"+p.Slug+"/unsave") {
		t.Fatalf("save %d:\n%s", code, body)
	}
	if code, body = post(t, s, st.Customer, "/providers/"+p.Slug+"/unsave", url.Values{}); code != 200 || !strings.Contains(body, "/save\"") {
		t.Fatalf("unsave %d:\n%s", code, body)
	}
	s.Must(201, "POST", "/api/providers/"+p.ID+"/reviews", st.CustomerN(1), map[string]any{"rating": 4})
	code, body = page(t, s.Browser(st.Owner), s.URL+"/dashboard")
	if code != 200 || !strings.Contains(body, "page views in the last 30 days") || !strings.Contains(body, "4.0 ★") {
		t.Fatalf("dashboard %d:\n%s", code, body)
	}
}
