package app_test

import (
	"strings"
	"testing"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/events"
	"stepperslife/services/events/domain"
)

// queued lists the subjects and texts of the mail waiting in the outbox.
func queued(t *testing.T, d *db.DB) []string {
	t.Helper()
	rows, err := d.Query(`SELECT to_addrs, subject, text_body FROM kit_outbox_mail ORDER BY created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var to, subject, text string
		if err := rows.Scan(&to, &subject, &text); err != nil {
			t.Fatal(err)
		}
		out = append(out, to+" | "+subject+" | "+text)
	}
	return out
}

// The tickets' e-mail is enqueued in the transaction that completes the order: a
// free order and an approved cash order get one each; an order that did not
// complete (sold out, pending, approved twice) gets none.
func TestTicketMailIsEnqueuedWithTheCompletedOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		free, freeTier := publishedEvent(t, ev, c, 0, 2)
		o, err := buy(ev, free, freeTier, 2, domain.PayFree)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := buy(ev, free, freeTier, 1, domain.PayFree); codeOf(err) != errs.CodeSoldOut {
			t.Fatalf("sold out: %v", err)
		}
		mail := queued(t, d)
		if len(mail) != 1 || !strings.HasPrefix(mail[0], buyer.Email+" | Your tickets: Holiday Ball") ||
			!strings.Contains(mail[0], o.Tickets[0].Code) || !strings.Contains(mail[0], o.Tickets[1].Code) {
			t.Fatalf("after a free order and a sold-out one: %q", mail)
		}
		paid, paidTier := publishedEvent(t, ev, c, 1500, 5)
		cash, err := buy(ev, paid, paidTier, 1, domain.PayCash)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(queued(t, d)); n != 1 {
			t.Fatalf("a pending cash order mailed: %d", n)
		}
		if _, err := ev.ApproveCash(ctx, organizer, cash.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := ev.ApproveCash(ctx, organizer, cash.ID); codeOf(err) != errs.CodeInvalidTransition {
			t.Fatalf("second approval: %v", err)
		}
		mail = queued(t, d)
		if len(mail) != 2 || !strings.Contains(mail[1], cash.Tickets[0].Code) {
			t.Fatalf("after the cash approval: %q", mail)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}
