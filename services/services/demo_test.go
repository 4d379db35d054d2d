package services_test

import (
	"context"
	"strings"
	"testing"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/demo"
	st "stepperslife/services/services/servicestest"
)

// The demo lists a dozen businesses across the categories, with photos and reviews,
// the premium one first; loading it twice adds nothing.
func TestDemo(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL, Demo: true})
		var list web.List[servicesapi.Provider]
		s.Must(200, "GET", "/api/providers?limit=100", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 12 || !list.Items[0].Premium {
			t.Fatalf("demo: %d listings, first %+v", list.Pagination.Total, list.Items[0])
		}
		categories := map[string]bool{}
		unrated := 0
		for _, p := range list.Items {
			categories[p.Category] = true
			if p.CoverURL == "" {
				t.Errorf("%s has no photo", p.BusinessName)
			}
			if p.Rating == nil {
				unrated++
			}
		}
		if len(categories) != 10 || unrated != 1 {
			t.Fatalf("%d categories, %d without reviews", len(categories), unrated)
		}
		var one servicesapi.Provider
		s.Must(200, "GET", "/api/providers/"+list.Items[0].Slug, nil, nil).JSON(t, &one)
		if len(one.Photos) != 3 || len(one.RecentReviews) == 0 {
			t.Fatalf("detail: %d photos, %d reviews", len(one.Photos), len(one.RecentReviews))
		}
		res := s.Do("GET", one.Photos[1].URL[len(s.App().PublicURL()):], nil, nil)
		if res.Status != 200 {
			t.Fatalf("photo: %d", res.Status)
		}
		// The demo provider account (its address verified at the portal) runs the
		// first businesses; the same address unverified runs nothing.
		provider := &auth.User{ID: "u-demo-provider", Email: demo.ProviderEmail, EmailVerified: true,
			Roles: []string{auth.RoleUser, auth.RoleServiceProvider}}
		var mine web.List[servicesapi.Provider]
		s.Must(200, "GET", "/api/me/providers", provider, nil).JSON(t, &mine)
		if len(mine.Items) != 3 {
			t.Fatalf("the demo provider runs %d listings", len(mine.Items))
		}
		s.Must(200, "GET", "/api/providers/"+mine.Items[0].ID+"/inquiries", provider, nil)
		if code, body := page(t, s.Browser(provider), s.URL+"/dashboard"); code != 200 || !strings.Contains(body, mine.Items[0].BusinessName) {
			t.Fatalf("demo dashboard %d", code)
		}
		unverified := *provider
		unverified.ID, unverified.EmailVerified = "u-claimant", false
		s.Must(200, "GET", "/api/me/providers", &unverified, nil).JSON(t, &mine)
		if len(mine.Items) != 0 {
			t.Fatalf("an unverified address runs %d listings", len(mine.Items))
		}
		s.Must(403, "GET", "/api/providers/"+list.Items[0].ID+"/inquiries", &unverified, nil)
		if err := demo.Load(context.Background(), sqlstore.New(s.Instance.Deps.DB), s.Instance.Deps.Blobs); err != nil {
			t.Fatal(err)
		}
		s.Must(200, "GET", "/api/providers", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 12 {
			t.Fatalf("a second load: %d listings", list.Pagination.Total)
		}
	})
}
