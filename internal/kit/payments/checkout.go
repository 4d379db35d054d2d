package payments

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"

	"github.com/stripe/stripe-go/v82"
)

// Stripe accepts a Checkout Session expiry from 30 minutes to 24 hours ahead; the
// margins keep a request that takes a while in flight inside that window.
const (
	MinCheckoutLifetime = 30*time.Minute + 2*time.Minute
	MaxCheckoutLifetime = 24*time.Hour - 2*time.Minute
)

// MetadataClientReference is the payment intent metadata key that carries the
// checkout's ClientReferenceID, so payment_intent.* and charge.* events (which have
// no client_reference_id of their own) still name the service's order.
const MetadataClientReference = "client_reference_id"

// Line is one priced line of a checkout.
type Line struct {
	Name      string
	UnitCents int64
	Quantity  int64
}

// Checkout describes a card payment for a business.
type Checkout struct {
	// ConnectedAccount is the business's Express account (acct_…) that receives the
	// money less the application fee.
	ConnectedAccount string
	Currency         string // e.g. "usd"; empty means "usd"
	Lines            []Line
	// ApplicationFeeCents is the platform's fee, kept from the charge.
	ApplicationFeeCents int64
	SuccessURL          string // required; may hold {CHECKOUT_SESSION_ID}
	CancelURL           string
	// ClientReferenceID is the service's own order id; it comes back on the webhook.
	ClientReferenceID string
	CustomerEmail     string // optional: prefills the payment page
	// Metadata is copied to the session and its payment intent; it comes back too.
	Metadata map[string]string
	// ExpiresAt is when the session lapses; zero means Stripe's default (24 h).
	// Times sooner than MinCheckoutLifetime or later than MaxCheckoutLifetime from now
	// are moved to that bound, since Stripe refuses them.
	ExpiresAt time.Time
	// IdempotencyKey is required: the same key never charges twice.
	IdempotencyKey string
}

// TotalCents is the sum of the lines.
func (c Checkout) TotalCents() int64 {
	var t int64
	for _, l := range c.Lines {
		t += l.UnitCents * l.Quantity
	}
	return t
}

// CheckoutSession is the Stripe Checkout Session the customer is sent to.
type CheckoutSession struct {
	ID              string    `json:"id"`
	URL             string    `json:"url"`
	PaymentIntentID string    `json:"paymentIntentId,omitempty"` // usually empty until paid
	ExpiresAt       time.Time `json:"expiresAt"`
}

// CreateCheckout opens a Checkout Session in payment mode as a destination charge on
// the platform (this service's) account, so its webhooks arrive here; the business's
// account gets the total less ApplicationFeeCents.
func (p *Payments) CreateCheckout(ctx context.Context, c Checkout) (CheckoutSession, error) {
	if !p.Enabled() {
		return CheckoutSession{}, ErrCardPaymentsOff
	}
	if c.IdempotencyKey == "" {
		return CheckoutSession{}, ErrNoIdempotencyKey
	}
	if err := c.validate(); err != nil {
		return CheckoutSession{}, err
	}
	params := c.params(time.Now())
	params.SetIdempotencyKey(c.IdempotencyKey)
	s, err := p.client.V1CheckoutSessions.Create(ctx, params)
	if err != nil {
		return CheckoutSession{}, p.stripeFailure(ctx, "create checkout session", err)
	}
	out := CheckoutSession{ID: s.ID, URL: s.URL}
	if s.PaymentIntent != nil {
		out.PaymentIntentID = s.PaymentIntent.ID
	}
	if s.ExpiresAt > 0 {
		out.ExpiresAt = time.Unix(s.ExpiresAt, 0).UTC()
	}
	return out, nil
}

func (c Checkout) validate() error {
	bad := map[string]string{}
	if c.ConnectedAccount == "" {
		bad["connectedAccount"] = "is required: the business has not set up card payments"
	}
	if len(c.Lines) == 0 {
		bad["lines"] = "needs at least one line"
	}
	for i, l := range c.Lines {
		switch {
		case strings.TrimSpace(l.Name) == "":
			bad[fmt.Sprintf("lines[%d].name", i)] = "is required"
		case l.UnitCents <= 0:
			bad[fmt.Sprintf("lines[%d].unitCents", i)] = "must be more than 0"
		case l.Quantity <= 0:
			bad[fmt.Sprintf("lines[%d].quantity", i)] = "must be at least 1"
		}
	}
	if c.ApplicationFeeCents < 0 || c.ApplicationFeeCents > c.TotalCents() {
		bad["applicationFeeCents"] = "must be between 0 and the total"
	}
	if c.SuccessURL == "" {
		bad["successUrl"] = "is required"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// params builds the Stripe request; now is when the expiry bounds are measured from.
func (c Checkout) params(now time.Time) *stripe.CheckoutSessionCreateParams {
	currency := strings.ToLower(c.Currency)
	if currency == "" {
		currency = "usd"
	}
	piMeta := maps.Clone(c.Metadata)
	if piMeta == nil {
		piMeta = map[string]string{}
	}
	if c.ClientReferenceID != "" {
		piMeta[MetadataClientReference] = c.ClientReferenceID
	}
	params := &stripe.CheckoutSessionCreateParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		SuccessURL: stripe.String(c.SuccessURL),
		Metadata:   c.Metadata,
		PaymentIntentData: &stripe.CheckoutSessionCreatePaymentIntentDataParams{
			ApplicationFeeAmount: stripe.Int64(c.ApplicationFeeCents),
			TransferData: &stripe.CheckoutSessionCreatePaymentIntentDataTransferDataParams{
				Destination: stripe.String(c.ConnectedAccount),
			},
			Metadata: piMeta,
		},
	}
	if c.CancelURL != "" {
		params.CancelURL = stripe.String(c.CancelURL)
	}
	if c.ClientReferenceID != "" {
		params.ClientReferenceID = stripe.String(c.ClientReferenceID)
	}
	if c.CustomerEmail != "" {
		params.CustomerEmail = stripe.String(c.CustomerEmail)
	}
	if exp := clampExpiry(c.ExpiresAt, now); !exp.IsZero() {
		params.ExpiresAt = stripe.Int64(exp.Unix())
	}
	for _, l := range c.Lines {
		params.LineItems = append(params.LineItems, &stripe.CheckoutSessionCreateLineItemParams{
			Quantity: stripe.Int64(l.Quantity),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:    stripe.String(currency),
				UnitAmount:  stripe.Int64(l.UnitCents),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String(l.Name)},
			},
		})
	}
	return params
}

// clampExpiry keeps a requested expiry inside the window Stripe accepts; zero stays
// zero (Stripe's default).
func clampExpiry(at, now time.Time) time.Time {
	switch {
	case at.IsZero():
		return at
	case at.Before(now.Add(MinCheckoutLifetime)):
		return now.Add(MinCheckoutLifetime)
	case at.After(now.Add(MaxCheckoutLifetime)):
		return now.Add(MaxCheckoutLifetime)
	}
	return at
}

// ExpireCheckout closes an open Checkout Session so it can no longer be paid, e.g.
// when its order is cancelled first; checkout.session.expired follows by webhook.
// A session that was already completed or expired is refused by Stripe.
func (p *Payments) ExpireCheckout(ctx context.Context, sessionID string) error {
	if !p.Enabled() {
		return ErrCardPaymentsOff
	}
	if sessionID == "" {
		return errs.Invalid(map[string]string{"sessionId": "is required"})
	}
	if _, err := p.client.V1CheckoutSessions.Expire(ctx, sessionID, nil); err != nil {
		return p.stripeFailure(ctx, "expire checkout session", err)
	}
	return nil
}
