package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/notify"
)

// heard collects what a subscriber is given.
func heard(b *notify.Bus, topic string) (<-chan notify.Message, func()) {
	ch := make(chan notify.Message, 64)
	cancel := b.Subscribe(topic, func(m notify.Message) {
		select {
		case ch <- m:
		default:
		}
	})
	return ch, cancel
}

func next(t *testing.T, ch <-chan notify.Message) notify.Message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(30 * time.Second):
		t.Fatal("nothing heard")
		return notify.Message{}
	}
}

func none(t *testing.T, ch <-chan notify.Message) {
	t.Helper()
	select {
	case m := <-ch:
		t.Fatalf("unexpected message %+v", m)
	default:
	}
}

// start runs a bus until the test ends, as a service process would.
func start(t *testing.T, d *db.DB, url string) *notify.Bus {
	t.Helper()
	b := notify.New(d, url, "stepperslife_test", nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	<-b.Ready()
	return b
}

func TestSQLiteStaysInProcess(t *testing.T) {
	d := dbtest.SQLite(t)
	b := start(t, d, "")
	orders, cancel := heard(b, "orders")
	other, _ := heard(b, "menu")
	if err := b.Publish(context.Background(), "orders", []byte(`{"id":1}`)); err != nil {
		t.Fatal(err)
	}
	if m := next(t, orders); string(m.Payload) != `{"id":1}` || m.Reload {
		t.Fatalf("heard %+v", m)
	}
	none(t, other)
	cancel()
	_ = b.Publish(context.Background(), "orders", []byte("2"))
	none(t, orders)
	if err := b.Publish(context.Background(), "orders", []byte(strings.Repeat("x", notify.MaxPayload))); !errors.Is(err, notify.ErrTooLarge) {
		t.Fatalf("large payload: %v", err)
	}
}

// Two processes on one PostgreSQL database: what one sends, both hear, once each,
// and only on the topic it was sent on.
func TestPostgresReachesEveryProcess(t *testing.T) {
	url := dbtest.PostgresURL(t)
	a, b := start(t, open(t, url), url), start(t, open(t, url), url)
	onA, _ := heard(a, "orders")
	onB, _ := heard(b, "orders")
	menuB, _ := heard(b, "menu")
	if err := a.Publish(context.Background(), "orders", []byte(`{"id":"o1"}`)); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []<-chan notify.Message{onA, onB} {
		if m := next(t, ch); string(m.Payload) != `{"id":"o1"}` || m.Reload {
			t.Fatalf("heard %+v", m)
		}
	}
	// A second message proves the first was delivered once: it is the next one heard.
	if err := b.Publish(context.Background(), "orders", []byte("2")); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []<-chan notify.Message{onA, onB} {
		if m := next(t, ch); string(m.Payload) != "2" {
			t.Fatalf("heard %+v", m)
		}
	}
	none(t, menuB)
}

// A process whose LISTEN connection is cut connects again, tells its subscribers to
// reload (what was sent meanwhile is lost) and hears what follows.
func TestPostgresReconnectsAndAsksForReload(t *testing.T) {
	defer func(d time.Duration) { notify.MinBackoff = d }(notify.MinBackoff)
	notify.MinBackoff = 10 * time.Millisecond
	url := dbtest.PostgresURL(t)
	d := open(t, url)
	b := start(t, d, url)
	ch, _ := heard(b, "orders")
	if n := terminateListeners(t, d); n != 1 {
		t.Fatalf("one LISTEN connection per process, found %d", n)
	}
	if m := next(t, ch); !m.Reload {
		t.Fatalf("after a reconnect the subscriber must reload, heard %+v", m)
	}
	if err := b.Publish(context.Background(), "orders", []byte("after")); err != nil {
		t.Fatal(err)
	}
	if m := next(t, ch); string(m.Payload) != "after" {
		t.Fatalf("heard %+v", m)
	}
}

func open(t *testing.T, url string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// terminateListeners ends the bus's LISTEN connections to d's database, as a
// PostgreSQL restart or failover would.
func terminateListeners(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	err := d.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1`, notify.ApplicationName).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatal(err)
	}
	return n
}
