package classes_test

import (
	"net/http"
	"testing"

	"stepperslife/services/classes/classestest"
)

type feedItem struct {
	ID, Kind, Title, Summary, Status, URL string
}

// The portal finds classes in the feed and search, and a student's places and place
// in line under their activity.
func TestPortalFeedSearchAndActivity(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	c := s.PublishedClass("Footwork Fridays", 0, 1, 2)
	s.Enrol(classestest.StudentN(1), c.ID, "free", false)
	s.Enrol(student, c.ID, "free", true)
	var items struct {
		Items []feedItem `json:"items"`
	}
	s.Must(http.StatusOK, "GET", "/api/search?q=footwork", nil, nil).JSON(t, &items)
	if len(items.Items) != 1 || items.Items[0].Kind != "class" || items.Items[0].URL != c.URL ||
		items.Items[0].Summary != "2-week Steppin class with Tina Teacher · 1 on the waitlist" {
		t.Fatalf("search: %+v", items)
	}
	s.Must(http.StatusOK, "GET", "/api/search?q=tango", nil, nil).JSON(t, &items)
	if len(items.Items) != 0 {
		t.Fatalf("search for nothing: %+v", items)
	}
	s.Must(http.StatusOK, "GET", "/api/me/activity", student, nil).JSON(t, &items)
	if len(items.Items) != 1 || items.Items[0].Kind != "enrollment" || items.Items[0].Status != "WAITLISTED" ||
		items.Items[0].Summary != "Waitlist position 1" {
		t.Fatalf("activity: %+v", items)
	}
}
