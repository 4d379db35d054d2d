package httpapi

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/payments/paymentstest"
)

// committedMail is an outbox that, when kicked, counts the mail another connection
// sees: what has committed.
type committedMail struct {
	d     *db.DB
	kicks []int
}

func (c *committedMail) Kick() {
	var n int
	if err := c.d.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail`).Scan(&n); err != nil {
		n = -1
	}
	c.kicks = append(c.kicks, n)
}

// The outbox is kicked once the webhook's transaction has committed the mail it
// enqueued, never before, and not at all when the event failed.
func TestWebhookKicksTheOutboxAfterTheCommit(t *testing.T) {
	d := dbtest.Postgres(t, outbox.Migrations, host.KitMigrations)
	pay := payments.New(config.Stripe{WebhookSecret: config.Secret(paymentstest.TestWebhookSecret)}, d,
		slog.New(slog.DiscardHandler))
	box := &committedMail{d: d}
	fail := false
	route := pay.WebhookHandler(func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
		if err := outbox.Enqueue(ctx, tx, mail.Message{To: []string{"buyer@example.com"}, Subject: "Tickets", Text: "Hi"}); err != nil {
			return err
		}
		if fail {
			return errors.New("the order could not be completed")
		}
		return nil
	}, kickOutbox(box))
	deliver := func() int {
		body, sig := paymentstest.SignedEvent(t, paymentstest.TestWebhookSecret, "checkout.session.completed",
			paymentstest.CheckoutSession("cs_1", "ord_1", "pi_1", 1500, nil))
		req := httptest.NewRequest(http.MethodPost, "/api/webhooks/stripe", bytes.NewReader(body))
		req.Header.Set("Stripe-Signature", sig)
		rec := httptest.NewRecorder()
		route(rec, req)
		return rec.Code
	}
	if status := deliver(); status != http.StatusOK || len(box.kicks) != 1 || box.kicks[0] != 1 {
		t.Fatalf("status %d; committed mail seen at each kick: %v", status, box.kicks)
	}
	fail = true
	if status := deliver(); status != http.StatusInternalServerError || len(box.kicks) != 1 {
		t.Fatalf("failed event: status %d; kicks %v", status, box.kicks)
	}
}
