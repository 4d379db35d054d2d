package events_test

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/events/app"
	"stepperslife/services/events/eventstest"
)

// replicas starts n whole events services on one PostgreSQL database, each with its
// own hold sweeper and outbox, as n pods of one deployment run.
func replicas(t testing.TB, n int) ([]*eventstest.Server, string) {
	t.Helper()
	dbURL := dbtest.PostgresURL(t)
	out := make([]*eventstest.Server, n)
	for i := range out {
		out[i] = eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL})
	}
	return out, dbURL
}

func eventsApp(s *eventstest.Server) *app.Events { return s.Instance.Parts.App.(*app.Events) }

// Buyers racing over two replicas buy exactly the seats there are.
func TestBuyersOverTwoReplicasBuyExactlyTheSeats(t *testing.T) {
	rs, _ := replicas(t, 2)
	eventID, tierID := rs[0].PublishedEvent("Two Replica Ball", 0, 10)
	var created, soldOut, other atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			u := eventstest.BuyerN(i)
			res, err := rs[i%2].Try("POST", "/api/tickets/purchase", u, eventstest.PurchaseBody(eventID, tierID, 1, "free", u))
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
		})
	}
	wg.Wait()
	if created.Load() != 10 || soldOut.Load() != 30 || other.Load() != 0 {
		t.Fatalf("created %d, sold out %d, other %d", created.Load(), soldOut.Load(), other.Load())
	}
	for _, r := range rs {
		if got := left(t, r, eventID); got != 0 {
			t.Fatalf("a replica sees %d left", got)
		}
	}
	assertSold(t, rs[1], tierID, 10)
}

// Lapsed cash holds swept by two replicas at once (their own loops and more rounds
// besides) give each seat back exactly once.
func TestTwoReplicasReturnEachLapsedHoldOnce(t *testing.T) {
	rs, _ := replicas(t, 2)
	eventID, tierID := rs[0].PublishedEvent("Lapsing Ball", 2500, 100)
	const orders, each = 20, 3
	for i := range orders {
		if res := rs[i%2].Buy(eventstest.BuyerN(i), eventID, tierID, each, "cash"); res.Status != http.StatusCreated {
			t.Fatalf("cash order %d: %d %s", i, res.Status, res.Body)
		}
	}
	assertSold(t, rs[0], tierID, orders*each)
	lapse(t, rs[0])

	var closed atomic.Int64
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			n, err := eventsApp(rs[i%2]).ExpireHolds(context.Background())
			if err != nil {
				t.Error(err)
			}
			closed.Add(int64(n))
		})
	}
	wg.Wait()
	if closed.Load() > orders {
		t.Fatalf("%d holds closed, there were %d", closed.Load(), orders)
	}
	assertSold(t, rs[1], tierID, 0)
	var open, cancelled int
	d := rs[0].Instance.Deps.DB
	if err := d.QueryRow(`SELECT COUNT(*) FROM orders WHERE status IN ('PENDING', 'PENDING_PAYMENT')`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(`SELECT COUNT(*) FROM tickets WHERE status = 'CANCELLED'`).Scan(&cancelled); err != nil {
		t.Fatal(err)
	}
	if open != 0 || cancelled != orders*each || left(t, rs[1], eventID) != 100 {
		t.Fatalf("open %d, cancelled tickets %d, left %d", open, cancelled, left(t, rs[1], eventID))
	}
}

// A replica that dies while giving back a lapsed hold loses its transaction with its
// connection; the other replica, waiting on the same order, gives it back once.
func TestAHoldAReplicaDiedReturningIsReturnedByTheOther(t *testing.T) {
	rs, dbURL := replicas(t, 2)
	eventID, tierID := rs[0].PublishedEvent("Interrupted Ball", 2500, 10)
	res := rs[0].Buy(eventstest.BuyerN(1), eventID, tierID, 4, "cash")
	if res.Status != http.StatusCreated {
		t.Fatalf("cash order: %d %s", res.Status, res.Body)
	}
	var order eventstest.Order
	res.JSON(t, &order)
	lapse(t, rs[0])

	// The dying replica: its sweep has claimed the order and given half the seats back.
	dying, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer dying.Close()
	ctx := context.Background()
	tx, err := dying.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	var pid int
	if err := tx.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	claimed, err := tx.Exec(`UPDATE orders SET status = 'CANCELLED', hold_expires_at = NULL
		WHERE id = $1 AND status IN ('PENDING', 'PENDING_PAYMENT')`, order.ID)
	if n, _ := claimed.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("claim: %d %v", n, err)
	}
	if _, err := tx.Exec(`UPDATE tiers SET sold = sold - 2 WHERE id = $1`, tierID); err != nil {
		t.Fatal(err)
	}

	type result struct {
		n   int
		err error
	}
	other := make(chan result, 1)
	go func() {
		n, err := eventsApp(rs[1]).ExpireHolds(ctx)
		other <- result{n, err}
	}()
	d := rs[0].Instance.Deps.DB
	waitForLockWaiter(t, d)
	// The process dies: PostgreSQL ends its session and undoes its transaction.
	if _, err := d.Exec(`SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	r := <-other
	if r.err != nil {
		t.Fatal(r.err)
	}
	// The replica's own background sweep may have taken it instead: between them, once.
	assertSold(t, rs[1], tierID, 0)
	var status string
	if err := d.QueryRow(`SELECT status FROM orders WHERE id = $1`, order.ID).Scan(&status); err != nil || status != "CANCELLED" {
		t.Fatalf("order %s: %q %v", order.ID, status, err)
	}
	if got := left(t, rs[0], eventID); got != 10 {
		t.Fatalf("left %d, want 10", got)
	}
}

// lapse makes every held order's hold run out.
func lapse(t testing.TB, s *eventstest.Server) {
	t.Helper()
	if _, err := s.Instance.Deps.DB.Exec(`UPDATE orders SET hold_expires_at = $1 WHERE hold_expires_at IS NOT NULL`,
		time.Now().Add(-time.Minute).UTC()); err != nil {
		t.Fatal(err)
	}
}

func assertSold(t testing.TB, s *eventstest.Server, tierID string, want int) {
	t.Helper()
	var sold int
	if err := s.Instance.Deps.DB.QueryRow(`SELECT sold FROM tiers WHERE id = $1`, tierID).Scan(&sold); err != nil {
		t.Fatal(err)
	}
	if sold != want {
		t.Fatalf("tier sold %d, want %d", sold, want)
	}
}

// waitForLockWaiter returns once some session of the database waits on a row lock.
func waitForLockWaiter(t testing.TB, d interface {
	QueryRow(string, ...any) *sql.Row
}) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var n int
		if err := d.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatal("no replica came to wait on the claimed order")
}
