package payments

import (
	"github.com/stripe/stripe-go/v82"
)

// Event kinds the kit reads into Event's fields; other kinds still reach the handler,
// with only ID, Type and Raw set.
const (
	CheckoutSessionCompleted   = "checkout.session.completed"
	CheckoutSessionExpired     = "checkout.session.expired"
	PaymentIntentSucceeded     = "payment_intent.succeeded"
	PaymentIntentPaymentFailed = "payment_intent.payment_failed"
	ChargeRefunded             = "charge.refunded"
)

// Event is a verified Stripe event reduced to what the services need.
type Event struct {
	ID                string
	Type              string
	CheckoutSessionID string // checkout.session.*
	PaymentIntentID   string // every kind above that has one
	// ClientReferenceID is the service's order id: the session's client_reference_id,
	// or for payment intents and charges their MetadataClientReference.
	ClientReferenceID string
	// PaymentStatus is the session's payment_status ("paid", "unpaid",
	// "no_payment_required") or the intent's status.
	PaymentStatus string
	Metadata      map[string]string
	// AmountCents is amount_total (sessions), amount_received or else amount
	// (intents), amount_refunded so far (charges).
	AmountCents int64
	Currency    string
	Raw         stripe.Event
}

// Paid reports whether the event confirms the money arrived: a completed session
// whose payment_status is "paid", or a succeeded payment intent. A completed session
// with a delayed method (payment_status "unpaid") is not paid yet.
func (e Event) Paid() bool {
	switch e.Type {
	case CheckoutSessionCompleted, "checkout.session.async_payment_succeeded":
		return e.PaymentStatus == "paid"
	case PaymentIntentSucceeded:
		return true
	}
	return false
}

// ParseEvent reads the common fields out of a Stripe event.
func ParseEvent(raw stripe.Event) Event {
	ev := Event{ID: raw.ID, Type: string(raw.Type), Raw: raw}
	if raw.Data == nil || raw.Data.Object == nil {
		return ev
	}
	obj := raw.Data.Object
	kind, _ := obj["object"].(string)
	ev.Metadata = stringsOf(obj["metadata"])
	ev.Currency, _ = obj["currency"].(string)
	switch kind {
	case "checkout.session":
		ev.CheckoutSessionID, _ = obj["id"].(string)
		ev.PaymentIntentID = idOf(obj["payment_intent"])
		ev.ClientReferenceID, _ = obj["client_reference_id"].(string)
		ev.PaymentStatus, _ = obj["payment_status"].(string)
		ev.AmountCents = intOf(obj["amount_total"])
	case "payment_intent":
		ev.PaymentIntentID, _ = obj["id"].(string)
		ev.PaymentStatus, _ = obj["status"].(string)
		ev.AmountCents = intOf(obj["amount_received"])
		if ev.AmountCents == 0 {
			ev.AmountCents = intOf(obj["amount"])
		}
	case "charge":
		ev.PaymentIntentID = idOf(obj["payment_intent"])
		ev.PaymentStatus, _ = obj["status"].(string)
		ev.AmountCents = intOf(obj["amount_refunded"])
	}
	if ev.ClientReferenceID == "" {
		ev.ClientReferenceID = ev.Metadata[MetadataClientReference]
	}
	return ev
}

// idOf reads a reference that Stripe sends either as an id or as an expanded object.
func idOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		id, _ := x["id"].(string)
		return id
	}
	return ""
}

// intOf reads a JSON number, which encoding/json decodes into float64.
func intOf(v any) int64 {
	if f, ok := v.(float64); ok {
		return int64(f)
	}
	return 0
}

func stringsOf(v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok {
		return map[string]string{}
	}
	out := make(map[string]string, len(m))
	for k, x := range m {
		if s, ok := x.(string); ok {
			out[k] = s
		}
	}
	return out
}
