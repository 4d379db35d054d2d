package events_test

import (
	"testing"

	"stepperslife/internal/kit/feed"
	"stepperslife/services/events/eventstest"
)

// The portal's cards say "From $20" when an event sells at more than one price: the
// feed gives the lowest price and says there are others.
func TestFeedGivesTheLowestPriceAndSaysWhenThereAreMore(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	several, _ := s.PublishedEvent("Two Price Set", 2500, 100)
	if res := s.Do("POST", "/api/events/"+several+"/tiers", eventstest.Organizer,
		map[string]any{"name": "Advance", "priceCents": 2000, "capacity": 50}); res.Status != 201 {
		t.Fatalf("second tier: %d %s", res.Status, res.Body)
	}
	single, _ := s.PublishedEvent("One Price Set", 1500, 100)
	var list struct {
		Items []feed.Item `json:"items"`
	}
	s.Do("GET", "/api/feed", nil, nil).JSON(t, &list)
	got := map[string]feed.Item{}
	for _, it := range list.Items {
		got[it.ID] = it
	}
	if it := got[several]; it.PriceCents == nil || *it.PriceCents != 2000 || !it.PriceFrom {
		t.Errorf("two prices: %+v", it)
	}
	if it := got[single]; it.PriceCents == nil || *it.PriceCents != 1500 || it.PriceFrom {
		t.Errorf("one price: %+v", it)
	}
}
