package app_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/events"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

// An organizer's message reaches each ticket holder once, however many tickets
// they hold (cash reservations included, card checkouts left open not), through
// the outbox; it is in the audit trail with who sent it to how many; a fourth
// message within a day is refused with when the next may go.
func TestMessageAttendees(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 0, 20)
		vip, err := ev.AddTier(ctx, organizer, e.ID, domain.TierInput{Name: "VIP", PriceCents: 4500, Capacity: 5})
		if err != nil {
			t.Fatal(err)
		}
		other := &auth.User{ID: "b2", Email: "Cara@Example.com", Name: "Cara", Roles: []string{auth.RoleUser}}
		for _, u := range []*auth.User{buyer, buyer, other} {
			if _, err := ev.Purchase(ctx, u, app.PurchaseRequest{EventID: e.ID, Items: []domain.Item{{TierID: tier.ID, Quantity: 2}},
				Method: domain.PayFree}); err != nil {
				t.Fatal(err)
			}
		}
		cash := &auth.User{ID: "b3", Email: "dee@example.com", Name: "Dee", Roles: []string{auth.RoleUser}}
		if _, err := ev.Purchase(ctx, cash, app.PurchaseRequest{EventID: e.ID, Items: []domain.Item{{TierID: vip.ID, Quantity: 1}},
			Method: domain.PayCash}); err != nil {
			t.Fatal(err)
		}
		before := len(queued(t, d))
		a, err := ev.MessageAudience(ctx, organizer, e.ID, "")
		if err != nil || len(a.Recipients) != 3 || a.Left != domain.MessagesPerWindow {
			t.Fatalf("audience: %v %+v", err, a)
		}
		if a, _ := ev.MessageAudience(ctx, organizer, e.ID, vip.ID); len(a.Recipients) != 1 || a.Recipients[0] != "dee@example.com" {
			t.Fatalf("VIP audience: %+v", a.Recipients)
		}
		if _, err := ev.MessageAudience(ctx, organizer, e.ID, "not-a-tier"); codeOf(err) != errs.CodeValidation {
			t.Fatalf("a tier of no event: %v", err)
		}
		msg := domain.MessageInput{Subject: "Doors at 8\r\nBcc: x@example.com", Body: "Doors open at 8 PM.\n\nBring <your> ID."}
		for _, u := range []*auth.User{buyer, {ID: "other-org", Email: "o@example.com", Roles: []string{auth.RoleEventOrganizer}}} {
			if _, err := ev.MessageAttendees(ctx, u, e.ID, msg); codeOf(err) != errs.CodeForbidden {
				t.Fatalf("%s messaging: %v", u.ID, err)
			}
		}
		if _, err := ev.MessageAttendees(ctx, organizer, e.ID, domain.MessageInput{Subject: " ", Body: strings.Repeat("x", 5001)}); codeOf(err) != errs.CodeValidation {
			t.Fatalf("an empty subject and a long body: %v", err)
		}
		n, err := ev.MessageAttendees(ctx, organizer, e.ID, msg)
		if err != nil || n != 3 {
			t.Fatalf("sent %d: %v", n, err)
		}
		mail := queued(t, d)[before:]
		if len(mail) != 3 {
			t.Fatalf("queued %d: %q", len(mail), mail)
		}
		to := map[string]bool{}
		for _, m := range mail {
			to[strings.SplitN(m, " | ", 2)[0]] = true
			if !strings.Contains(m, " | Doors at 8 Bcc: x@example.com · Holiday Ball | Doors open at 8 PM.") {
				t.Fatalf("message: %q", m)
			}
		}
		if !to[buyer.Email] || !to["cara@example.com"] || !to["dee@example.com"] {
			t.Fatalf("sent to %v", to)
		}
		var html string
		if err := d.QueryRow(`SELECT html_body FROM kit_outbox_mail ORDER BY created_at DESC, id LIMIT 1`).Scan(&html); err != nil ||
			!strings.Contains(html, "Bring &lt;your&gt; ID.") {
			t.Fatalf("html: %v %s", err, html)
		}
		trail, err := sqlTrail(d, e.ID)
		if err != nil || len(trail) != 1 || trail[0].Actor.ID != organizer.ID || !strings.HasPrefix(trail[0].Detail, "3 recipients: Doors at 8") {
			t.Fatalf("audit: %v %+v", err, trail)
		}
		if n, err := ev.MessageAttendees(ctx, organizer, e.ID, domain.MessageInput{Subject: "VIP", Body: "Table 4.", TierID: vip.ID}); n != 1 || err != nil {
			t.Fatalf("VIP message: %d %v", n, err)
		}
		c.Add(time.Hour)
		if _, err := ev.MessageAttendees(ctx, organizer, e.ID, msg); err != nil {
			t.Fatal(err)
		}
		_, err = ev.MessageAttendees(ctx, organizer, e.ID, msg)
		var refusal *errs.Error
		if codeOf(err) != errs.CodeRateLimited || !strings.Contains(err.Error(), "3 messages in the last 24 hours") {
			t.Fatalf("a fourth message: %v", err)
		} else if errors.As(err, &refusal); refusal.Details["retryAt"] == nil {
			t.Fatalf("no retry time: %+v", refusal)
		}
		if got := len(queued(t, d)) - before; got != 3+1+3 {
			t.Fatalf("the refused message queued mail: %d", got)
		}
		if a, _ := ev.MessageAudience(ctx, organizer, e.ID, ""); a.Left != 0 || a.NextAt.IsZero() {
			t.Fatalf("audience after the limit: %+v", a)
		}
		c.Add(23*time.Hour + time.Minute)
		if _, err := ev.MessageAttendees(ctx, organizer, e.ID, msg); err != nil {
			t.Fatalf("a day after the first: %v", err)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

// Nobody to write to is a refusal, not a message to no one.
func TestMessageWithoutTicketHolders(t *testing.T) {
	d := dbtest.SQLite(t, events.Migrations, outbox.Migrations, audit.Migrations)
	ev, c := newEvents(t, d, nil)
	e, _ := publishedEvent(t, ev, c, 0, 20)
	if _, err := ev.MessageAttendees(ctx, organizer, e.ID, domain.MessageInput{Subject: "Hi", Body: "Hello"}); codeOf(err) != errs.CodeConflict {
		t.Fatalf("no holders: %v", err)
	}
	if trail, _ := sqlTrail(d, e.ID); len(trail) != 0 {
		t.Fatalf("a refused message is in the trail: %+v", trail)
	}
}

// sqlTrail is the event's audit trail without its status moves (publishing).
func sqlTrail(d *db.DB, eventID string) ([]audit.Entry, error) {
	trail, err := audit.Trail(ctx, d, audit.Subject{Kind: domain.AuditSubjectEvent, ID: eventID}, 0)
	return slices.DeleteFunc(trail, func(e audit.Entry) bool { return e.Action == "status" }), err
}

// moveTrail is the event's status moves in its audit trail.
func moveTrail(d *db.DB, eventID string) ([]audit.Entry, error) {
	trail, err := audit.Trail(ctx, d, audit.Subject{Kind: domain.AuditSubjectEvent, ID: eventID}, 0)
	return slices.DeleteFunc(trail, func(e audit.Entry) bool { return e.Action != "status" }), err
}
