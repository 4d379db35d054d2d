// Package paymentstest helps other packages test their Stripe side: signed webhook
// events exactly as Stripe sends them, and a real stripe-mock to call.
package paymentstest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// NewEventID returns a fresh id in Stripe's evt_ shape.
func NewEventID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "evt_test_" + hex.EncodeToString(b[:])
}

// SignedEvent builds a Stripe event of eventType around object (the data.object, e.g.
// a checkout.session) with a fresh id, signed with secret as Stripe would. It returns
// the body and the Stripe-Signature header to send with it.
func SignedEvent(t testing.TB, secret, eventType string, object map[string]any) (body []byte, signatureHeader string) {
	t.Helper()
	return SignedEventWithID(t, secret, NewEventID(), eventType, object)
}

// SignedEventWithID is SignedEvent with a chosen event id, so a test can deliver the
// same event again (Stripe redelivers with the same id and a new signature).
func SignedEventWithID(t testing.TB, secret, eventID, eventType string, object map[string]any) (body []byte, signatureHeader string) {
	t.Helper()
	body = EventJSON(t, eventID, eventType, object)
	return body, Sign(secret, body)
}

// EventJSON is the unsigned body of an event, for tests that tamper with it.
func EventJSON(t testing.TB, eventID, eventType string, object map[string]any) []byte {
	t.Helper()
	if object == nil {
		object = map[string]any{}
	}
	ev := map[string]any{
		"id":               eventID,
		"object":           "event",
		"api_version":      stripe.APIVersion,
		"created":          time.Now().Unix(),
		"livemode":         false,
		"pending_webhooks": 1,
		"request":          map[string]any{"id": nil, "idempotency_key": nil},
		"type":             eventType,
		"data":             map[string]any{"object": object},
	}
	body, err := json.Marshal(ev)
	if err != nil {
		t.Fatalf("paymentstest: encode event: %v", err)
	}
	return body
}

// Sign returns the Stripe-Signature header for body, signed now with secret.
func Sign(secret string, body []byte) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret}).Header
}
