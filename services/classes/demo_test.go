package classes_test

import (
	"net/http"
	"testing"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/classes/classestest"
	"stepperslife/services/classes/demo"
)

// The demo is a season of published classes from two instructors, in the feed; the
// demo instructor who signs in with the verified address takes their classes.
func TestDemoSeason(t *testing.T) {
	s := classestest.Start(t, classestest.Options{Demo: true})
	var list struct {
		Items []classesapi.Class `json:"items"`
	}
	s.Must(http.StatusOK, "GET", "/api/classes?limit=100", nil, nil).JSON(t, &list)
	teachers := map[string]int{}
	for _, c := range list.Items {
		teachers[c.InstructorName]++
		if c.Status != "PUBLISHED" || len(c.Sessions) == 0 || c.SeatsLeft != c.Capacity {
			t.Errorf("demo class %+v", c)
		}
	}
	if len(list.Items) != 6 || len(teachers) != 2 {
		t.Fatalf("%d classes from %v", len(list.Items), teachers)
	}
	var feed struct {
		Items []struct {
			Kind, Title string
		} `json:"items"`
	}
	s.Must(http.StatusOK, "GET", "/api/feed", nil, nil).JSON(t, &feed)
	if len(feed.Items) == 0 || feed.Items[0].Kind != "class" {
		t.Fatalf("feed: %+v", feed)
	}
	marcus := &auth.User{ID: "u-marcus", Email: demo.InstructorEmail, Name: "Marcus Bell", EmailVerified: true,
		Roles: []string{auth.RoleUser, auth.RoleInstructor}}
	var mine struct {
		Items []classesapi.Class `json:"items"`
	}
	s.Must(http.StatusOK, "GET", "/api/me/classes", marcus, nil).JSON(t, &mine)
	if len(mine.Items) != 3 {
		t.Fatalf("the demo instructor's classes: %d", len(mine.Items))
	}
	s.Must(http.StatusOK, "GET", "/api/classes/"+mine.Items[0].ID+"/roster", marcus, nil)
	unverified := &auth.User{ID: "u-squatter", Email: demo.CoachEmail, Roles: []string{auth.RoleUser, auth.RoleInstructor}}
	s.Must(http.StatusOK, "GET", "/api/me/classes", unverified, nil).JSON(t, &mine)
	if len(mine.Items) != 0 {
		t.Fatalf("an unverified address took %d classes", len(mine.Items))
	}
}
