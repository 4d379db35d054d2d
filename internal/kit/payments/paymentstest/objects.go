package paymentstest

// CheckoutSession is a data.object for checkout.session.* events: a paid session in
// payment mode for the given order, amount and payment intent.
func CheckoutSession(sessionID, clientReferenceID, paymentIntentID string, amountCents int64, metadata map[string]string) map[string]any {
	return map[string]any{
		"id":                  sessionID,
		"object":              "checkout.session",
		"mode":                "payment",
		"status":              "complete",
		"payment_status":      "paid",
		"client_reference_id": clientReferenceID,
		"payment_intent":      paymentIntentID,
		"amount_total":        amountCents,
		"currency":            "usd",
		"metadata":            stringMap(metadata),
	}
}

// PaymentIntent is a data.object for payment_intent.* events.
func PaymentIntent(paymentIntentID string, amountCents int64, status string, metadata map[string]string) map[string]any {
	received := int64(0)
	if status == "succeeded" {
		received = amountCents
	}
	return map[string]any{
		"id":              paymentIntentID,
		"object":          "payment_intent",
		"amount":          amountCents,
		"amount_received": received,
		"currency":        "usd",
		"status":          status,
		"metadata":        stringMap(metadata),
	}
}

// Charge is a data.object for charge.refunded: a charge of a payment intent with
// refundedCents given back.
func Charge(chargeID, paymentIntentID string, amountCents, refundedCents int64, metadata map[string]string) map[string]any {
	return map[string]any{
		"id":              chargeID,
		"object":          "charge",
		"amount":          amountCents,
		"amount_refunded": refundedCents,
		"refunded":        refundedCents >= amountCents,
		"currency":        "usd",
		"payment_intent":  paymentIntentID,
		"metadata":        stringMap(metadata),
	}
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
