package payments_test

import (
	"encoding/json"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/payments/paymentstest"
)

func parse(t *testing.T, typ string, obj map[string]any) payments.Event {
	t.Helper()
	var raw stripe.Event
	if err := json.Unmarshal(paymentstest.EventJSON(t, "evt_x", typ, obj), &raw); err != nil {
		t.Fatal(err)
	}
	return payments.ParseEvent(raw)
}

func TestParseEventKinds(t *testing.T) {
	pi := parse(t, payments.PaymentIntentSucceeded,
		paymentstest.PaymentIntent("pi_7", 900, "succeeded", map[string]string{payments.MetadataClientReference: "order-7"}))
	if pi.PaymentIntentID != "pi_7" || pi.AmountCents != 900 || pi.ClientReferenceID != "order-7" || !pi.Paid() {
		t.Errorf("payment intent: %+v", pi)
	}

	failed := parse(t, payments.PaymentIntentPaymentFailed, paymentstest.PaymentIntent("pi_8", 900, "requires_payment_method", nil))
	if failed.PaymentIntentID != "pi_8" || failed.AmountCents != 900 || failed.Paid() {
		t.Errorf("failed intent: %+v", failed)
	}

	ch := parse(t, payments.ChargeRefunded, paymentstest.Charge("ch_1", "pi_9", 1000, 400, nil))
	if ch.PaymentIntentID != "pi_9" || ch.AmountCents != 400 || ch.Paid() {
		t.Errorf("charge: %+v", ch)
	}

	// A delayed payment method completes the session before the money arrives.
	s := paymentstest.CheckoutSession("cs_1", "order-1", "", 500, nil)
	s["payment_status"] = "unpaid"
	s["payment_intent"] = map[string]any{"id": "pi_expanded", "object": "payment_intent"}
	unpaid := parse(t, payments.CheckoutSessionCompleted, s)
	if unpaid.Paid() || unpaid.PaymentIntentID != "pi_expanded" || unpaid.CheckoutSessionID != "cs_1" {
		t.Errorf("unpaid session: %+v", unpaid)
	}

	other := parse(t, "customer.created", map[string]any{"id": "cus_1", "object": "customer"})
	if other.ID != "evt_x" || other.Type != "customer.created" || other.Paid() {
		t.Errorf("other kind: %+v", other)
	}
}
