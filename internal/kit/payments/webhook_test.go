package payments_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/payments/paymentstest"
)

const secret = paymentstest.TestWebhookSecret

// hookPayments has webhooks configured; no Stripe API is needed to receive them.
func hookPayments(d *db.DB) *payments.Payments {
	return payments.New(config.Stripe{SecretKey: "sk_test_1", WebhookSecret: secret}, d, nil)
}

func deliver(h http.Handler, body []byte, sig string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/webhooks/stripe", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set("Stripe-Signature", sig)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var b struct{ Code string }
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("error body %q: %v", rec.Body.String(), err)
	}
	return b.Code
}

// orders is a tiny table the handler writes through the webhook's transaction, so
// the tests see whether its work committed or rolled back with the event row.
const ordersDDL = `CREATE TABLE IF NOT EXISTS paid_orders (order_id TEXT PRIMARY KEY, amount_cents INTEGER NOT NULL)`

func markPaid(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO paid_orders (order_id, amount_cents) VALUES ($1, $2)`,
		ev.ClientReferenceID, ev.AmountCents)
	return err
}

func paidOrders(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(`SELECT COUNT(*) FROM paid_orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func setup(t *testing.T, d *db.DB) {
	t.Helper()
	if _, err := d.Exec(ordersDDL); err != nil {
		t.Fatal(err)
	}
}

func TestWebhookVerifiesAndHandles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		setup(t, d)
		var got payments.Event
		h := hookPayments(d).WebhookHandler(func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
			got = ev
			return markPaid(ctx, tx, ev)
		}, nil)
		obj := paymentstest.CheckoutSession("cs_test_1", "order-1", "pi_1", 4200, map[string]string{"eventId": "e1"})
		body, sig := paymentstest.SignedEventWithID(t, secret, "evt_one", payments.CheckoutSessionCompleted, obj)

		rec := deliver(h, body, sig)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		want := payments.Event{ID: "evt_one", Type: payments.CheckoutSessionCompleted, CheckoutSessionID: "cs_test_1",
			PaymentIntentID: "pi_1", ClientReferenceID: "order-1", PaymentStatus: "paid", AmountCents: 4200, Currency: "usd"}
		if got.ID != want.ID || got.Type != want.Type || got.CheckoutSessionID != want.CheckoutSessionID ||
			got.PaymentIntentID != want.PaymentIntentID || got.ClientReferenceID != want.ClientReferenceID ||
			got.PaymentStatus != want.PaymentStatus || got.AmountCents != want.AmountCents || got.Currency != want.Currency {
			t.Fatalf("event %+v, want %+v", got, want)
		}
		if got.Metadata["eventId"] != "e1" || !got.Paid() || got.Raw.ID != "evt_one" {
			t.Fatalf("metadata %v paid %v raw %q", got.Metadata, got.Paid(), got.Raw.ID)
		}
		if paidOrders(t, d) != 1 {
			t.Fatal("the handler's write did not commit")
		}
		handled, err := hookPayments(d).Handled(context.Background(), "evt_one")
		if err != nil || !handled {
			t.Fatalf("Handled = %v, %v", handled, err)
		}
	}, host.KitMigrations)
}

func TestWebhookRefusesBadSignatures(t *testing.T) {
	d := dbtest.SQLite(t, host.KitMigrations)
	calls := 0
	h := hookPayments(d).WebhookHandler(func(context.Context, *sql.Tx, payments.Event) error { calls++; return nil }, nil)
	body, sig := paymentstest.SignedEvent(t, secret, payments.PaymentIntentSucceeded,
		paymentstest.PaymentIntent("pi_1", 100, "succeeded", nil))
	_, otherSig := paymentstest.SignedEvent(t, "whsec_someone_else", payments.PaymentIntentSucceeded, nil)
	tampered := bytes.Replace(body, []byte(`"amount":100`), []byte(`"amount":1`), 1)
	if bytes.Equal(tampered, body) {
		t.Fatal("the tampering did not change the body")
	}

	for name, c := range map[string]struct {
		body []byte
		sig  string
	}{
		"no signature":       {body, ""},
		"garbage signature":  {body, "t=1,v1=deadbeef"},
		"another secret":     {body, paymentstest.Sign("whsec_someone_else", body)},
		"another body's sig": {body, otherSig},
		"tampered body":      {tampered, sig},
	} {
		rec := deliver(h, c.body, c.sig)
		if rec.Code != http.StatusBadRequest || errorCode(t, rec) != "VALIDATION_FAILED" {
			t.Errorf("%s: status %d %s", name, rec.Code, rec.Body)
		}
	}
	if calls != 0 {
		t.Fatalf("handler ran %d times for unverified events", calls)
	}
}

func TestWebhookWithoutSecretIsUnavailable(t *testing.T) {
	d := dbtest.SQLite(t, host.KitMigrations)
	h := payments.New(config.Stripe{}, d, nil).WebhookHandler(nil, nil)
	body, sig := paymentstest.SignedEvent(t, secret, payments.PaymentIntentSucceeded, nil)
	rec := deliver(h, body, sig)
	if rec.Code != http.StatusServiceUnavailable || errorCode(t, rec) != "UNAVAILABLE" {
		t.Fatalf("status %d %s", rec.Code, rec.Body)
	}
}

func TestWebhookBodyLimit(t *testing.T) {
	d := dbtest.SQLite(t, host.KitMigrations)
	h := hookPayments(d).WebhookHandler(nil, nil)
	big := bytes.Repeat([]byte("x"), payments.MaxWebhookBytes+1)
	rec := deliver(h, big, paymentstest.Sign(secret, big))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d %s", rec.Code, rec.Body)
	}
}

func TestWebhookConcurrentRedeliveryHandledOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		setup(t, d)
		var calls atomic.Int32
		h := hookPayments(d).WebhookHandler(func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
			calls.Add(1)
			return markPaid(ctx, tx, ev)
		}, nil)
		obj := paymentstest.CheckoutSession("cs_test_2", "order-2", "pi_2", 1500, nil)
		const deliveries = 5
		var wg sync.WaitGroup
		codes := make([]int, deliveries)
		for i := range deliveries {
			// Each delivery is signed afresh, as Stripe does, with the same event id.
			body, sig := paymentstest.SignedEventWithID(t, secret, "evt_dup", payments.CheckoutSessionCompleted, obj)
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = deliver(h, body, sig).Code
			}()
		}
		wg.Wait()
		for i, c := range codes {
			if c != http.StatusOK {
				t.Errorf("delivery %d: status %d", i, c)
			}
		}
		if n := calls.Load(); n != 1 {
			t.Fatalf("handler ran %d times, want 1", n)
		}
		if paidOrders(t, d) != 1 {
			t.Fatal("want exactly one paid order")
		}
	}, host.KitMigrations)
}

func TestWebhookHandlerErrorIsRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		setup(t, d)
		fail := true
		calls := 0
		h := hookPayments(d).WebhookHandler(func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
			calls++
			// The write happens before the failure: it must roll back with the event row.
			if err := markPaid(ctx, tx, ev); err != nil {
				return err
			}
			if fail {
				return errors.New("mail server down")
			}
			return nil
		}, nil)
		obj := paymentstest.Charge("ch_1", "pi_3", 2000, 2000, map[string]string{payments.MetadataClientReference: "order-3"})
		body, sig := paymentstest.SignedEventWithID(t, secret, "evt_retry", payments.ChargeRefunded, obj)

		rec := deliver(h, body, sig)
		if rec.Code != http.StatusInternalServerError || errorCode(t, rec) != "INTERNAL" {
			t.Fatalf("failed handler: status %d %s", rec.Code, rec.Body)
		}
		if bytes.Contains(rec.Body.Bytes(), []byte("mail server")) {
			t.Fatal("the 500 shows internals")
		}
		if paidOrders(t, d) != 0 {
			t.Fatal("the failed handler's write was kept")
		}

		fail = false
		body, sig = paymentstest.SignedEventWithID(t, secret, "evt_retry", payments.ChargeRefunded, obj)
		if rec := deliver(h, body, sig); rec.Code != http.StatusOK {
			t.Fatalf("redelivery: status %d %s", rec.Code, rec.Body)
		}
		if rec := deliver(h, body, sig); rec.Code != http.StatusOK {
			t.Fatalf("third delivery: status %d %s", rec.Code, rec.Body)
		}
		if calls != 2 || paidOrders(t, d) != 1 {
			t.Fatalf("calls %d, paid %d; want 2 calls and one paid order", calls, paidOrders(t, d))
		}
	}, host.KitMigrations)
}
