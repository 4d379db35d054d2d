package events_test

import (
	"net/http"
	"sync"
	"testing"

	"stepperslife/services/events/eventstest"
)

// Hundreds of buyers race for a few seats: exactly the capacity is sold and every
// other buyer hears SOLD_OUT, on both databases.
func TestConcurrentPurchasesNeverOversell(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
		const buyers, seats = 300, 7
		eventID, tierID := s.PublishedEvent("Sold Out Ball", 0, seats)

		var wg sync.WaitGroup
		var mu sync.Mutex
		answers := map[string]int{}
		codes := map[string]bool{}
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := eventstest.BuyerN(i)
				res, err := s.Try("POST", "/api/tickets/purchase", u, eventstest.PurchaseBody(eventID, tierID, 1, "free", u))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					answers["transport error: "+err.Error()]++
				case res.Status == http.StatusCreated:
					answers["created"]++
					var o eventstest.Order
					res.JSON(t, &o)
					for _, tk := range o.Tickets {
						codes[tk.Code] = true
					}
				default:
					answers[res.Code()]++
				}
			}()
		}
		wg.Wait()
		if answers["created"] != seats || answers["SOLD_OUT"] != buyers-seats || len(answers) != 2 {
			t.Fatalf("answers %v, want %d created and %d SOLD_OUT", answers, seats, buyers-seats)
		}
		if len(codes) != seats {
			t.Fatalf("%d distinct ticket codes, want %d", len(codes), seats)
		}
		var ev eventstest.Event
		s.Do("GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
		if ev.Tiers[0].Left != 0 {
			t.Fatalf("left %d, want 0", ev.Tiers[0].Left)
		}
		var tickets int
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM tickets WHERE tier_id = $1`, tierID).Scan(&tickets); err != nil {
			t.Fatal(err)
		}
		if tickets != seats {
			t.Fatalf("%d tickets stored, want %d", tickets, seats)
		}
	})
}
