package outbox_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
)

var ctx = context.Background()

// recorder is a mail server that refuses the first refusals attempts and records
// every attempt's Message-ID and every accepted message.
type recorder struct {
	mu       sync.Mutex
	off      bool
	refusals int
	attempts []string
	accepted []mail.Message
}

func (r *recorder) Enabled() bool { return !r.off }

func (r *recorder) Send(_ context.Context, m mail.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, m.ID)
	if r.refusals > 0 {
		r.refusals--
		return errors.New("451 try again later")
	}
	r.accepted = append(r.accepted, m)
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.accepted)
}

// clock is a movable delivery clock, starting now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Now().Add(time.Second)} }
func message(to string) mail.Message {
	return mail.Message{To: []string{to}, Subject: "Hello", Text: "Hi."}
}
func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }
func enqueue(t *testing.T, q outbox.Execer, m mail.Message) {
	t.Helper()
	if err := outbox.Enqueue(ctx, q, m); err != nil {
		t.Fatal(err)
	}
}

func TestRolledBackMailIsNeverSent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		errAbandoned := errors.New("the order failed")
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			enqueue(t, tx, message("lost@example.com"))
			return errAbandoned
		})
		if !errors.Is(err, errAbandoned) {
			t.Fatal(err)
		}
		if err := d.InTx(ctx, func(tx *sql.Tx) error { return outbox.Enqueue(ctx, tx, message("kept@example.com")) }); err != nil {
			t.Fatal(err)
		}
		r := &recorder{}
		box := outbox.New(d, r, quiet())
		box.Now = newClock().now
		if n, err := box.Deliver(ctx); n != 1 || err != nil {
			t.Fatalf("delivered %d: %v", n, err)
		}
		if len(r.attempts) != 1 || r.accepted[0].To[0] != "kept@example.com" {
			t.Fatalf("sent %+v", r.accepted)
		}
		if n, _ := box.Deliver(ctx); n != 0 {
			t.Fatalf("sent again: %d", n)
		}
	}, outbox.Migrations)
}

func TestRefusedMailIsRetriedWithBackoffUnderOneMessageID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		want := mail.Message{To: []string{"a@example.com", "Bea <b@example.com>"}, Subject: "Tickets ✨",
			Text: "text", HTML: "<p>html</p>"}
		enqueue(t, d, want)
		r := &recorder{refusals: 2}
		box := outbox.New(d, r, quiet())
		c := newClock()
		box.Now = c.now
		for i, step := range []struct {
			wait     time.Duration
			sent     int
			attempts int
			refused  bool
		}{
			{0, 0, 1, true},                       // refused
			{500 * time.Millisecond, 0, 1, false}, // not due: waits 1s
			{time.Second, 0, 2, true},             // refused again
			{time.Second, 0, 2, false},            // not due: waits 2s
			{2 * time.Second, 1, 3, false},        // taken
			{time.Hour, 0, 3, false},              // never again
		} {
			c.add(step.wait)
			n, err := box.Deliver(ctx)
			if n != step.sent || len(r.attempts) != step.attempts {
				t.Fatalf("step %d: sent %d, attempts %d; want %d, %d", i, n, len(r.attempts), step.sent, step.attempts)
			}
			if (err != nil) != step.refused {
				t.Fatalf("step %d: error %v", i, err)
			}
		}
		id := r.attempts[0]
		if id == "" || r.attempts[1] != id || r.attempts[2] != id {
			t.Fatalf("Message-IDs of the attempts: %q", r.attempts)
		}
		got := r.accepted[0]
		if got.ID != id || strings.Join(got.To, ",") != strings.Join(want.To, ",") || got.Subject != want.Subject ||
			got.Text != want.Text || got.HTML != want.HTML {
			t.Fatalf("sent %+v, enqueued %+v", got, want)
		}
		var attempts int
		var lastError string
		if err := d.QueryRow(`SELECT attempts, last_error FROM kit_outbox_mail WHERE id = $1`, id).Scan(&attempts, &lastError); err != nil {
			t.Fatal(err)
		}
		if attempts != 3 || lastError != "" {
			t.Fatalf("row: attempts %d, last error %q", attempts, lastError)
		}
	}, outbox.Migrations)
}

func TestAGivenMessageIDIsKept(t *testing.T) {
	d := dbtest.SQLite(t, outbox.Migrations)
	m := message("a@example.com")
	m.ID = "order-42@events.stepperslife"
	enqueue(t, d, m)
	r := &recorder{}
	box := outbox.New(d, r, quiet())
	box.Now = newClock().now
	if n, err := box.Deliver(ctx); n != 1 || err != nil || r.accepted[0].ID != m.ID {
		t.Fatalf("delivered %d (%v): %+v", n, err, r.accepted)
	}
}

func TestWithoutAMailServerMailWaits(t *testing.T) {
	d := dbtest.SQLite(t, outbox.Migrations)
	enqueue(t, d, message("a@example.com"))
	var logs bytes.Buffer
	r := &recorder{off: true}
	box := outbox.New(d, r, slog.New(slog.NewTextHandler(&logs, nil)))
	for range 2 {
		if n, err := box.Deliver(ctx); n != 0 || err != nil {
			t.Fatalf("delivered %d: %v", n, err)
		}
	}
	if len(r.attempts) != 0 || strings.Count(logs.String(), "mail is off") != 1 {
		t.Fatalf("attempts %d, log %q", len(r.attempts), logs.String())
	}
	var waiting int
	if err := d.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE sent_at IS NULL AND attempts = 0`).Scan(&waiting); err != nil || waiting != 1 {
		t.Fatalf("waiting %d: %v", waiting, err)
	}
}

// Two delivery loops on one database (two replicas) send every message once.
func TestTwoLoopsSendEachMessageOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const messages = 3 * outbox.Batch
		for range messages {
			enqueue(t, d, message("a@example.com"))
		}
		r := &recorder{}
		run, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		var boxes []*outbox.Outbox
		for range 2 {
			box := outbox.New(d, r, quiet())
			boxes = append(boxes, box)
			wg.Go(func() { box.Run(run) })
		}
		for deadline := time.Now().Add(30 * time.Second); r.count() < messages && time.Now().Before(deadline); {
			for _, b := range boxes {
				b.Kick()
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		wg.Wait()
		seen := map[string]int{}
		for _, id := range r.attempts {
			seen[id]++
		}
		if len(r.accepted) != messages || len(seen) != messages {
			t.Fatalf("accepted %d, distinct %d; want %d", len(r.accepted), len(seen), messages)
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("%s sent %d times", id, n)
			}
		}
	}, outbox.Migrations)
}

// A message no mail server could take is refused when it is enqueued; one the server
// refuses as invalid is given up after one attempt instead of retried for ever.
func TestUnsendableMailIsRefusedOrGivenUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		for _, bad := range []mail.Message{
			{Subject: "No one", Text: "x"},
			{To: []string{"a@example.com\nb@example.com"}, Subject: "Two in one", Text: "x"},
			{To: []string{"a@example.com"}, Subject: "Line\r\nBcc: x@example.com", Text: "x"},
		} {
			if err := outbox.Enqueue(ctx, d, bad); !errors.Is(err, mail.ErrInvalid) {
				t.Fatalf("enqueued %+v: %v", bad, err)
			}
		}
		enqueue(t, d, message("a@example.com"))
		r := &invalidServer{}
		box := outbox.New(d, r, quiet())
		c := newClock()
		box.Now = c.now
		if _, err := box.Deliver(ctx); !errors.Is(err, mail.ErrInvalid) {
			t.Fatalf("first round: %v", err)
		}
		c.add(2 * time.Hour)
		if _, err := box.Deliver(ctx); err != nil || r.attempts != 1 {
			t.Fatalf("a given-up message was tried again: %d attempts, %v", r.attempts, err)
		}
		var failed sql.NullTime
		if err := d.QueryRow(`SELECT failed_at FROM kit_outbox_mail`).Scan(&failed); err != nil || !failed.Valid {
			t.Fatalf("failed_at %v %v", failed, err)
		}
	}, outbox.Migrations)
}

// invalidServer refuses every message as one it can never take.
type invalidServer struct{ attempts int }

func (s *invalidServer) Enabled() bool { return true }
func (s *invalidServer) Send(context.Context, mail.Message) error {
	s.attempts++
	return fmt.Errorf("550 no such mailbox: %w", mail.ErrInvalid)
}

// stuck is a mail server that hangs on every message until it is let go, then
// answers with a failure: the replica sending through it has died mid-send as far as
// anyone else can tell.
type stuck struct {
	in      chan string
	release chan struct{}
}

func (s *stuck) Enabled() bool { return true }
func (s *stuck) Send(_ context.Context, m mail.Message) error {
	s.in <- m.ID
	<-s.release
	return errors.New("connection lost")
}

// A replica that dies while sending keeps its claim only until the claim lapses:
// the other replica leaves the message alone until then and sends it once after.
func TestAMessageClaimedByADeadReplicaIsSentByAnother(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		enqueue(t, d, message("a@example.com"))
		c := newClock()
		dead := &stuck{in: make(chan string), release: make(chan struct{})}
		first := outbox.New(d, dead, quiet())
		first.Now = c.now
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = first.Deliver(ctx)
		}()
		id := <-dead.in // claimed and in the hands of a server that never answers

		live := &recorder{}
		second := outbox.New(d, live, quiet())
		later := *c
		second.Now = later.now
		later.add(outbox.SendTimeout)
		if n, err := second.Deliver(ctx); n != 0 || err != nil || len(live.attempts) != 0 {
			t.Fatalf("a claimed message was taken before its claim lapsed: %d %v", n, err)
		}
		later.add(2 * outbox.SendTimeout)
		if n, err := second.Deliver(ctx); n != 1 || err != nil {
			t.Fatalf("after the claim lapsed: sent %d, %v", n, err)
		}
		if len(live.accepted) != 1 || live.accepted[0].ID != id {
			t.Fatalf("accepted %v, want the message %s once", live.attempts, id)
		}
		// The dead replica's late answer changes nothing: the message stays sent, once.
		close(dead.release)
		<-done
		if n, err := second.Deliver(ctx); n != 0 || err != nil {
			t.Fatalf("sent again: %d %v", n, err)
		}
		var attempts int
		var sent sql.NullTime
		if err := d.QueryRow(`SELECT attempts, sent_at FROM kit_outbox_mail WHERE id = $1`, id).Scan(&attempts, &sent); err != nil {
			t.Fatal(err)
		}
		if attempts != 2 || !sent.Valid {
			t.Fatalf("attempts %d, sent %v", attempts, sent)
		}
	}, outbox.Migrations)
}
