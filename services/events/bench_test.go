package events_test

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/events/eventstest"
)

// BenchmarkPurchasePostgres64 measures purchases per second through the whole HTTP
// stack on PostgreSQL with 64 concurrent buyers of one tier, then checks the tier was
// not oversold. Run by hand:
//
//	go test ./services/events/ -run '^$' -bench PurchasePostgres64 -benchtime 3000x
func BenchmarkPurchasePostgres64(b *testing.B) {
	benchmarkPurchases(b, dbtest.PostgresURL(b), 64)
}

// BenchmarkPurchaseSQLite64 is the same on the embedded database.
func BenchmarkPurchaseSQLite64(b *testing.B) {
	benchmarkPurchases(b, "", 64)
}

func benchmarkPurchases(b *testing.B, dbURL string, buyers int) {
	s := eventstest.Start(b, eventstest.Options{DatabaseURL: dbURL})
	// Capacity for exactly b.N seats, and 10% more buyers than seats: every seat
	// sells and the rest hear SOLD_OUT.
	eventID, tierID := s.PublishedEvent("Benchmark Ball", 0, b.N)
	attempts := b.N + b.N/10
	var next, created, soldOut, other atomic.Int64
	bodies := make([]map[string]any, buyers)
	for i := range bodies {
		bodies[i] = eventstest.PurchaseBody(eventID, tierID, 1, "free", eventstest.BuyerN(i))
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range buyers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := eventstest.BuyerN(w)
			for next.Add(1) <= int64(attempts) {
				res, err := s.Try("POST", "/api/tickets/purchase", u, bodies[w])
				switch {
				case err != nil:
					other.Add(1)
				case res.Status == http.StatusCreated:
					created.Add(1)
				case res.Code() == "SOLD_OUT":
					soldOut.Add(1)
				default:
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var sold, tickets int
	db := s.Instance.Deps.DB
	if err := db.QueryRow(`SELECT sold FROM tiers WHERE id = $1`, tierID).Scan(&sold); err != nil {
		b.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM tickets WHERE tier_id = $1`, tierID).Scan(&tickets); err != nil {
		b.Fatal(err)
	}
	if created.Load() != int64(b.N) || sold != b.N || tickets != b.N || other.Load() != 0 {
		b.Fatalf("capacity %d: created %d, sold %d, tickets %d, sold out %d, other %d",
			b.N, created.Load(), sold, tickets, soldOut.Load(), other.Load())
	}
	b.ReportMetric(float64(created.Load())/elapsed.Seconds(), "purchases/s")
	b.ReportMetric(float64(attempts)/elapsed.Seconds(), "requests/s")
	b.Logf("capacity %d, %d buyers: %d sold, %d SOLD_OUT, %d tickets stored, oversold 0", b.N, buyers, created.Load(), soldOut.Load(), tickets)
}
