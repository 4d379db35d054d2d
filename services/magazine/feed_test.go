package magazine_test

import (
	"net/http"
	"testing"

	"stepperslife/services/magazine/magazinetest"
)

type feedItem struct {
	ID, Kind, Title, Summary, Status, URL string
}

// The portal finds published articles in the feed and search, and a writer's
// articles, drafts included, under their activity.
func TestPortalFeedSearchAndActivity(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Published(writer, "Footwork Fundamentals", "TUTORIALS")
	s.Draft(writer, "Footwork Secrets", "TUTORIALS")
	var items struct {
		Items []feedItem `json:"items"`
	}
	s.Must(http.StatusOK, "GET", "/api/feed", nil, nil).JSON(t, &items)
	if len(items.Items) != 1 || items.Items[0].Kind != "article" || items.Items[0].URL != a.URL ||
		items.Items[0].Summary != "Tutorials · by Wanda Writer · The Footwork Fundamentals story." {
		t.Fatalf("feed: %+v", items)
	}
	s.Must(http.StatusOK, "GET", "/api/search?q=footwork", nil, nil).JSON(t, &items)
	if len(items.Items) != 1 || items.Items[0].ID != a.ID {
		t.Fatalf("search: %+v", items)
	}
	s.Must(http.StatusOK, "GET", "/api/search?q=tango", nil, nil).JSON(t, &items)
	if len(items.Items) != 0 {
		t.Fatalf("search for nothing: %+v", items)
	}
	s.Must(http.StatusOK, "GET", "/api/me/activity", writer, nil).JSON(t, &items)
	if len(items.Items) != 2 || items.Items[0].Status != "DRAFT" || items.Items[1].Status != "PUBLISHED" {
		t.Fatalf("activity: %+v", items)
	}
	s.Must(http.StatusOK, "GET", "/api/me/activity", reader, nil).JSON(t, &items)
	if len(items.Items) != 0 {
		t.Fatalf("a reader's activity: %+v", items)
	}
}
