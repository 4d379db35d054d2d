package paymentstest

import (
	"testing"

	"github.com/stripe/stripe-go/v82/webhook"
)

func TestSignedEventVerifies(t *testing.T) {
	body, sig := SignedEvent(t, TestWebhookSecret, "checkout.session.completed",
		CheckoutSession("cs_1", "order-1", "pi_1", 100, nil))
	ev, err := webhook.ConstructEvent(body, sig, TestWebhookSecret)
	if err != nil {
		t.Fatalf("stripe-go refuses the signed event: %v", err)
	}
	if ev.Type != "checkout.session.completed" || ev.GetObjectValue("client_reference_id") != "order-1" {
		t.Fatalf("event %s %v", ev.Type, ev.Data.Object)
	}
	if _, err := webhook.ConstructEvent(body, sig, "whsec_other"); err == nil {
		t.Fatal("another secret must not verify")
	}
	other, _ := SignedEvent(t, TestWebhookSecret, "x", nil)
	ev2, err := webhook.ConstructEvent(other, Sign(TestWebhookSecret, other), TestWebhookSecret)
	if err != nil || ev2.ID == ev.ID {
		t.Fatalf("each SignedEvent needs a fresh id: %q %q %v", ev.ID, ev2.ID, err)
	}
}
