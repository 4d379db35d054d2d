package payments_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"testing"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/payments/paymentstest"
)

// afterCommit runs once the event's writes are visible to other connections, and
// not at all for a failed event, a duplicate delivery or a refused signature.
func TestWebhookAfterCommit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		setup(t, d)
		fail := false
		var seen []int // paid orders another connection sees at each call
		h := hookPayments(d).WebhookHandler(func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
			if err := markPaid(ctx, tx, ev); err != nil {
				return err
			}
			if fail {
				return errors.New("mail server down")
			}
			return nil
		}, func() { seen = append(seen, paidOrders(t, d)) })
		obj := paymentstest.CheckoutSession("cs_test_9", "order-9", "pi_9", 900, nil)

		fail = true
		body, sig := paymentstest.SignedEventWithID(t, secret, "evt_after", payments.CheckoutSessionCompleted, obj)
		if rec := deliver(h, body, sig); rec.Code != http.StatusInternalServerError || len(seen) != 0 {
			t.Fatalf("failed event: status %d, afterCommit calls %v", rec.Code, seen)
		}
		if rec := deliver(h, body, "t=1,v1=deadbeef"); rec.Code != http.StatusBadRequest || len(seen) != 0 {
			t.Fatalf("refused signature: status %d, afterCommit calls %v", rec.Code, seen)
		}

		fail = false
		body, sig = paymentstest.SignedEventWithID(t, secret, "evt_after", payments.CheckoutSessionCompleted, obj)
		if rec := deliver(h, body, sig); rec.Code != http.StatusOK || len(seen) != 1 || seen[0] != 1 {
			t.Fatalf("handled event: status %d, paid orders seen at each afterCommit %v, want [1]", rec.Code, seen)
		}
		body, sig = paymentstest.SignedEventWithID(t, secret, "evt_after", payments.CheckoutSessionCompleted, obj)
		if rec := deliver(h, body, sig); rec.Code != http.StatusOK || len(seen) != 1 {
			t.Fatalf("duplicate: status %d, afterCommit calls %v", rec.Code, seen)
		}
	}, host.KitMigrations)
}
