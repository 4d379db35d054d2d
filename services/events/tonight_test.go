package events_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/services/events/eventstest"
)

// "Check-in tonight" in the account menu opens the door page of the organizer's
// event that is on tonight, and the dashboard when there is none or more than one.
func TestCheckinTonight(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	c := s.Browser(eventstest.Organizer)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	door := func() string {
		t.Helper()
		res, err := c.Get(s.URL + "/checkin")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("/checkin: %d", res.StatusCode)
		}
		return res.Header.Get("Location")
	}
	tonight := func(title string) string {
		t.Helper()
		start := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
		var ev eventstest.Event
		s.Must(201, "POST", "/api/events", eventstest.Organizer, map[string]any{"title": title, "category": "SET",
			"venue": "The Loft", "startsAt": start, "endsAt": start.Add(4 * time.Hour)}).JSON(t, &ev)
		s.Must(201, "POST", "/api/events/"+ev.ID+"/tiers", eventstest.Organizer, map[string]any{"name": "Door", "priceCents": 0, "capacity": 50})
		s.Must(200, "POST", "/api/events/"+ev.ID+"/publish", eventstest.Organizer, nil)
		return ev.ID
	}

	s.PublishedEvent("Next Week's Ball", 0, 10)
	if loc := door(); !strings.HasPrefix(loc, "/dashboard?") {
		t.Fatalf("no event tonight: to %q", loc)
	}
	id := tonight("Tonight's Set")
	if loc := door(); loc != "/checkin/"+id {
		t.Fatalf("one event tonight: to %q, want /checkin/%s", loc, id)
	}
	tonight("Tonight's Late Set")
	if loc := door(); !strings.HasPrefix(loc, "/dashboard?") {
		t.Fatalf("two events tonight: to %q", loc)
	}
}
