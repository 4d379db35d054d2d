package app_test

import (
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/events"
	"stepperslife/services/events/domain"
)

// With a cash deadline (the doors open an hour after the start), a cash
// reservation is still held a day later, up to the deadline, and released by the
// sweeper after it, not at the event's end. A reservation made before the deadline
// was set keeps to it too.
func TestCashHoldLastsUntilTheOrganizersDeadline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 4500, 4)
		early, err := buy(ev, e, tier, 1, domain.PayCash)
		if err != nil || !early.HoldExpiresAt.Equal(e.EndsAt) {
			t.Fatalf("cash order before a deadline: %v %+v", err, early.HoldExpiresAt)
		}
		doors := e.StartsAt.Add(time.Hour)
		got, err := ev.SetCashDeadline(ctx, organizer, e.ID, &doors)
		if err != nil || got.CashDeadline == nil || !got.CashDeadline.Equal(doors) {
			t.Fatalf("set deadline: %v %+v", err, got.CashDeadline)
		}
		held, err := buy(ev, e, tier, 2, domain.PayCash)
		if err != nil || held.HoldExpiresAt == nil || !held.HoldExpiresAt.Equal(doors) {
			t.Fatalf("cash order after the deadline was set: %v %+v", err, held.HoldExpiresAt)
		}
		if o, _ := ev.Order(ctx, buyer, early.ID); o.HoldExpiresAt == nil || !o.HoldExpiresAt.Equal(doors) {
			t.Fatalf("the earlier reservation is held until %v, want %v", o.HoldExpiresAt, doors)
		}
		c.Add(24 * time.Hour)
		if n, err := ev.ExpireHolds(ctx); n != 0 || err != nil {
			t.Fatalf("a day later %d cash holds expired (%v)", n, err)
		}
		if o, err := ev.Order(ctx, buyer, held.ID); err != nil || o.Status != domain.OrderPendingPayment {
			t.Fatalf("a day later the order is %v %v", err, o.Status)
		}
		c.Add(doors.Sub(c.Now()) - time.Second)
		if n, _ := ev.ExpireHolds(ctx); n != 0 {
			t.Fatalf("expired %d before the deadline", n)
		}
		c.Add(time.Second)
		if n, err := ev.ExpireHolds(ctx); n != 2 || err != nil {
			t.Fatalf("at the deadline expired %d, %v", n, err)
		}
		if o, _ := ev.Order(ctx, buyer, held.ID); o.Status != domain.OrderCancelled {
			t.Fatalf("after the deadline the order is %v", o.Status)
		}
		if e.EndsAt.After(c.Now()) {
			// The seats are back on sale before the event ends.
			if _, err := buy(ev, e, tier, 4, domain.PayCard); codeOf(err) == errs.CodeSoldOut {
				t.Fatalf("seats not released: %v", err)
			}
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

// A deadline must fall before the event's end and ahead of now; clearing it holds
// cash until the end again; the end cannot move to before the deadline.
func TestCashDeadlineIsChecked(t *testing.T) {
	d := dbtest.SQLite(t, events.Migrations, outbox.Migrations, audit.Migrations)
	ev, c := newEvents(t, d, nil)
	e, _ := publishedEvent(t, ev, c, 4500, 4)
	for name, at := range map[string]time.Time{"at the end": e.EndsAt, "after the end": e.EndsAt.Add(time.Hour),
		"in the past": c.Now().Add(-time.Minute)} {
		if _, err := ev.SetCashDeadline(ctx, organizer, e.ID, &at); codeOf(err) != errs.CodeValidation {
			t.Errorf("a deadline %s: %v", name, err)
		}
	}
	if _, err := ev.SetCashDeadline(ctx, buyer, e.ID, &e.StartsAt); codeOf(err) != errs.CodeForbidden {
		t.Fatalf("a buyer setting the deadline: %v", err)
	}
	if _, err := ev.SetCashDeadline(ctx, organizer, e.ID, &e.StartsAt); err != nil {
		t.Fatal(err)
	}
	in := domain.EventInput{Title: e.Title, Venue: e.Venue, StartsAt: e.StartsAt.Add(-2 * time.Hour), EndsAt: e.StartsAt.Add(-time.Hour)}
	if _, err := ev.UpdateEvent(ctx, organizer, e.ID, in); codeOf(err) != errs.CodeValidation {
		t.Fatalf("moving the end before the deadline: %v", err)
	}
	got, err := ev.SetCashDeadline(ctx, organizer, e.ID, nil)
	if err != nil || got.CashDeadline != nil {
		t.Fatalf("clearing: %v %+v", err, got.CashDeadline)
	}
	if _, err := ev.UpdateEvent(ctx, organizer, e.ID, in); err != nil {
		t.Fatalf("moving the end once the deadline is cleared: %v", err)
	}
}
