package payments

import (
	"context"
	"errors"

	"stepperslife/internal/kit/errs"

	"github.com/stripe/stripe-go/v82"
)

// Refund gives money back for a payment intent: amountCents, or everything when 0.
// Because payments are destination charges, the platform's application fee is
// refunded in proportion and the transfer to the business is reversed, so the
// business and the platform each give back their share. idempotencyKey is required
// (e.g. "refund-"+orderID). The order is marked refunded when charge.refunded arrives.
func (p *Payments) Refund(ctx context.Context, paymentIntentID string, amountCents int64, idempotencyKey string) (string, error) {
	if !p.Enabled() {
		return "", ErrCardPaymentsOff
	}
	if idempotencyKey == "" {
		return "", ErrNoIdempotencyKey
	}
	bad := map[string]string{}
	if paymentIntentID == "" {
		bad["paymentIntentId"] = "is required"
	}
	if amountCents < 0 {
		bad["amountCents"] = "must not be negative"
	}
	if len(bad) > 0 {
		return "", errs.Invalid(bad)
	}
	params := &stripe.RefundCreateParams{
		PaymentIntent:        stripe.String(paymentIntentID),
		RefundApplicationFee: stripe.Bool(true),
		ReverseTransfer:      stripe.Bool(true),
	}
	if amountCents > 0 {
		params.Amount = stripe.Int64(amountCents)
	}
	params.SetIdempotencyKey(idempotencyKey)
	r, err := p.client.V1Refunds.Create(ctx, params)
	if err != nil {
		return "", p.stripeFailure(ctx, "create refund", err)
	}
	return r.ID, nil
}

// AlreadyRefunded reports whether err is Stripe refusing a refund because the charge
// is refunded in full already: the money is on its way back, whatever the service
// recorded (e.g. its charge.refunded never arrived).
func AlreadyRefunded(err error) bool {
	var se *stripe.Error
	return errors.As(err, &se) && se.Code == stripe.ErrorCodeChargeAlreadyRefunded
}

// RefundSucceeded reports whether the money of a payment intent is back with its
// buyer: Stripe holds a refund for it that succeeded and none still under way. Stripe
// counts a refund under way as refunded when it refuses another (AlreadyRefunded),
// and such a refund may yet fail; only this says the money went back.
func (p *Payments) RefundSucceeded(ctx context.Context, paymentIntentID string) (bool, error) {
	if !p.Enabled() {
		return false, ErrCardPaymentsOff
	}
	succeeded := false
	params := &stripe.RefundListParams{PaymentIntent: stripe.String(paymentIntentID)}
	for r, err := range p.client.V1Refunds.List(ctx, params) {
		if err != nil {
			return false, p.stripeFailure(ctx, "list refunds", err)
		}
		switch r.Status {
		case stripe.RefundStatusSucceeded:
			succeeded = true
		case stripe.RefundStatusPending, stripe.RefundStatusRequiresAction:
			return false, nil
		}
	}
	return succeeded, nil
}
