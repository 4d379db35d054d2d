package events_test

import (
	"strings"
	"testing"

	"stepperslife/services/events/eventstest"
)

// TestPublicAnswersAreKeptUntilAWrite: the list, an event and the feed carry an
// ETag, answer 304 while nothing changed, and the next read after a write (a
// purchase, a rename) is fresh — on both databases.
func TestPublicAnswersAreKeptUntilAWrite(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, databaseURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: databaseURL})
		id, tier := s.PublishedEvent("Harvest Moon Set", 0, 100)
		var ev eventstest.Event
		s.Must(200, "GET", "/api/events/"+id, nil, nil).JSON(t, &ev)
		paths := []string{"/api/events?limit=5", "/api/events/" + ev.Slug, "/api/feed?limit=5"}
		etags := map[string]string{}
		s.KeptAll(etags, paths)
		if !strings.Contains(strings.Join(s.Must(200, "GET", "/api/events/"+ev.Slug, nil, nil).Header.Values("Vary"), ","), "Authorization") {
			t.Error("an event's answer does not vary on who asks")
		}
		// Signed in, an answer is personal: never shared.
		s.Private("/api/events/"+ev.Slug, eventstest.Organizer)

		if res := s.Buy(eventstest.Buyer, id, tier, 2, "free"); res.Status >= 300 {
			t.Fatalf("purchase: %d %s", res.Status, res.Body)
		}
		s.ChangedAll(etags, paths, "")
		var after eventstest.Event
		s.Must(200, "GET", "/api/events/"+ev.Slug, nil, nil).JSON(t, &after)
		if len(after.Tiers) != 1 || after.Tiers[0].Left != 98 {
			t.Fatalf("seats left after buying 2 of 100: %+v", after.Tiers)
		}

		s.Must(200, "PATCH", "/api/events/"+id, eventstest.Organizer, map[string]any{"title": "Harvest Moon Ball"})
		s.ChangedAll(etags, paths, "Harvest Moon Ball")
	})
}

// The service's own stylesheet is linked with its fingerprint and kept a year.
func TestOwnStaticFilesAreFingerprinted(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	page := string(s.Must(200, "GET", "/", nil, nil).Body)
	i := strings.Index(page, "/static/events/events.css?v=")
	if i < 0 {
		t.Fatalf("no fingerprinted stylesheet in:\n%s", page)
	}
	href := page[i:]
	href = href[:strings.IndexByte(href, '"')]
	res := s.Must(200, "GET", href, nil, nil)
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("%s: %v", href, res.Header)
	}
}
