package events_test

import (
	"net/http"
	"strings"
	"testing"

	"stepperslife/services/events/eventstest"
)

// The attack: one account held all 120 seats with 12 unpaid cash orders and honest
// buyers heard SOLD_OUT. Now one buyer holds at most one full order's worth of
// tickets unpaid per event (and two unpaid orders), and is told why.
func TestOneBuyerCannotHoardSeats(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Hoarded Ball", 2500, 120)
		hoarder := eventstest.BuyerN(1)
		if res := s.Buy(hoarder, eventID, tierID, 10, "cash"); res.Status != http.StatusCreated {
			t.Fatalf("first cash order: %d %s", res.Status, res.Body)
		}
		for i := range 11 {
			res := s.Buy(hoarder, eventID, tierID, 10, "cash")
			m := res.Map(t)
			if res.Status != http.StatusConflict || res.Code() != "CONFLICT" || !strings.Contains(m["error"].(string), "unpaid tickets for this event") {
				t.Fatalf("cash order %d: %d %s", i+2, res.Status, res.Body)
			}
		}
		if res := s.Buy(hoarder, eventID, tierID, 1, "cash"); res.Status != http.StatusConflict {
			t.Fatalf("one more ticket over the limit: %d %s", res.Status, res.Body)
		}
		if left(t, s, eventID) != 110 {
			t.Fatalf("left %d, want 110", left(t, s, eventID))
		}
		honest := eventstest.BuyerN(2)
		if res := s.Buy(honest, eventID, tierID, 4, "cash"); res.Status != http.StatusCreated {
			t.Fatalf("an honest buyer: %d %s", res.Status, res.Body)
		}
	})
}

// Small orders cannot get around the ticket limit: the third unpaid order is
// refused however small.
func TestUnpaidOrdersPerBuyerAreBounded(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		eventID, tierID := s.PublishedEvent("Small Orders Ball", 2500, 120)
		for i := range 2 {
			if res := s.Buy(buyer, eventID, tierID, 1, "cash"); res.Status != http.StatusCreated {
				t.Fatalf("cash order %d: %d %s", i+1, res.Status, res.Body)
			}
		}
		res := s.Buy(buyer, eventID, tierID, 1, "cash")
		m := res.Map(t)
		details, _ := m["details"].(map[string]any)
		if res.Status != http.StatusConflict || !strings.Contains(m["error"].(string), "You already have 2 unpaid orders for this event") ||
			details["heldOrders"] != float64(2) || details["holdEndsAt"] == nil {
			t.Fatalf("third unpaid order: %d %s", res.Status, res.Body)
		}
		if res := s.Buy(buyer, eventID, tierID, 0, "cash"); res.Status != http.StatusBadRequest {
			t.Fatalf("a bad order is refused for what is wrong with it first: %d %s", res.Status, res.Body)
		}
	})
}
