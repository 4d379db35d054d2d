package identity

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/portal/schema"
)

// The database window answers as the in-memory one does: the same sliding window,
// the same time until a place frees, keys and limits apart, reset, purge.
func TestDBWindowSlides(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := time.Unix(1_700_000_000, 0)
		w := newDBWindow(d, "test", 3, time.Minute)
		w.now = func() time.Time { return clock }
		other := newDBWindow(d, "other", 1, time.Minute)
		other.now = w.now
		for i := range 3 {
			if ok, _, err := w.Allow(ctx, "ip"); !ok || err != nil {
				t.Fatalf("event %d refused: %v", i, err)
			}
			clock = clock.Add(10 * time.Second)
		}
		if ok, retry, err := w.Allow(ctx, "ip"); ok || retry != 30*time.Second || err != nil {
			t.Fatalf("4th event: ok=%v retry=%v err=%v, want refused, 30s", ok, retry, err)
		}
		if blocked, retry, _ := w.Blocked(ctx, "ip"); !blocked || retry != 30*time.Second {
			t.Fatalf("Blocked disagrees with Allow: %v %v", blocked, retry)
		}
		if ok, _, _ := w.Allow(ctx, "other-ip"); !ok {
			t.Fatal("keys are independent")
		}
		if ok, _, _ := other.Allow(ctx, "ip"); !ok {
			t.Fatal("limits are independent")
		}
		clock = clock.Add(31 * time.Second) // the first event leaves the window
		if ok, _, _ := w.Allow(ctx, "ip"); !ok {
			t.Fatal("window did not slide")
		}
		if ok, _, _ := w.Allow(ctx, "ip"); ok {
			t.Fatal("slid too far")
		}
		if err := w.Reset(ctx, "ip"); err != nil {
			t.Fatal(err)
		}
		if blocked, _, _ := w.Blocked(ctx, "ip"); blocked {
			t.Fatal("reset ignored")
		}
		clock = clock.Add(time.Hour)
		if err := w.purge(ctx); err != nil {
			t.Fatal(err)
		}
		if n := dbtest.Strings(t, d, "SELECT subject FROM rate_limit_keys WHERE limit_name = 'test'"); len(n) != 0 {
			t.Fatalf("purge left keys %v", n)
		}
		if n := dbtest.Strings(t, d, "SELECT subject FROM rate_limit_events WHERE limit_name = 'test'"); len(n) != 0 {
			t.Fatalf("purge left events %v", n)
		}
		if n := dbtest.Strings(t, d, "SELECT subject FROM rate_limit_events WHERE limit_name = 'other'"); len(n) != 1 {
			t.Fatalf("purge of one limit touched another: %v", n)
		}
	}, schema.Migrations)
}

// Many attempts at once on one key, as from several replicas: exactly the limit
// gets through.
func TestDBWindowRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newDBWindow(d, "race", 10, time.Hour)
		var ok atomic.Int64
		var wg sync.WaitGroup
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				allowed, _, err := w.Allow(context.Background(), "acct")
				if err != nil {
					t.Error(err)
				}
				if allowed {
					ok.Add(1)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 10 {
			t.Fatalf("%d of 40 allowed, want 10", ok.Load())
		}
	}, schema.Migrations)
}

// BenchmarkDBWindowPostgres is the cost a shared limit adds to a sign-in: one
// counted attempt (Allow) and one check (Blocked) on PostgreSQL, keys spread as
// addresses are. Run by hand:
//
//	go test ./services/portal/identity/ -run '^$' -bench DBWindow
func BenchmarkDBWindowPostgres(b *testing.B) {
	w := newDBWindow(dbtest.Postgres(b, schema.Migrations), "bench", 1<<30, time.Hour)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		key := strconv.Itoa(i % 1000)
		if _, _, err := w.Allow(ctx, key); err != nil {
			b.Fatal(err)
		}
		if _, _, err := w.Blocked(ctx, key); err != nil {
			b.Fatal(err)
		}
	}
}
