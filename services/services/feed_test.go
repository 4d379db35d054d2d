package services_test

import (
	"net/http"
	"testing"
	"time"

	st "stepperslife/services/services/servicestest"
)

type feedItem struct {
	ID, Kind, Title, Summary, Status, URL string
}

// The portal finds listed providers in the feed and search, a customer's quote
// requests under their activity, and a provider's listings under theirs.
func TestPortalFeedSearchAndActivity(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		p := s.Listed(st.Owner, st.Application("Feed Beats"))
		s.Must(201, "POST", "/api/providers", st.OtherOwner, st.Application("Pending Beats")) // not listed yet
		s.Must(201, "POST", "/api/providers/"+p.ID+"/reviews", st.Customer, map[string]any{"rating": 5})
		var items struct {
			Items []feedItem `json:"items"`
		}
		s.Must(http.StatusOK, "GET", "/api/feed", nil, nil).JSON(t, &items)
		if len(items.Items) != 1 || items.Items[0].Kind != "provider" || items.Items[0].URL != p.URL ||
			items.Items[0].Summary != "DJs · 5.0★ (1) · Steppers sets all night" {
			t.Fatalf("feed: %+v", items)
		}
		s.Must(http.StatusOK, "GET", "/api/search?q=beats", nil, nil).JSON(t, &items)
		if len(items.Items) != 1 || items.Items[0].ID != p.ID {
			t.Fatalf("search: %+v", items)
		}
		s.Must(http.StatusOK, "GET", "/api/search?q=florist", nil, nil).JSON(t, &items)
		if len(items.Items) != 0 {
			t.Fatalf("search for nothing: %+v", items)
		}
		day := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
		s.Must(201, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer, map[string]string{"message": "Quote?", "eventDate": day})
		s.Must(http.StatusOK, "GET", "/api/me/activity", st.Customer, nil).JSON(t, &items)
		if len(items.Items) != 1 || items.Items[0].Kind != "inquiry" || items.Items[0].Status != "NEW" ||
			items.Items[0].Title != "Quote request to Feed Beats" {
			t.Fatalf("customer's activity: %+v", items)
		}
		s.Must(http.StatusOK, "GET", "/api/me/activity", st.OtherOwner, nil).JSON(t, &items)
		if len(items.Items) != 1 || items.Items[0].Kind != "listing" || items.Items[0].Status != "PENDING" {
			t.Fatalf("provider's activity: %+v", items)
		}
	})
}
