package payments

import (
	"context"
	"errors"
)

// AccountUpdated is the kind of Stripe event that says what a Connect account can
// do now (its owner finished onboarding, or Stripe paused it).
const AccountUpdated = "account.updated"

// Reference is the service's id for what the event pays for: the client reference,
// or else the metadata entry key ("orderId").
func (e Event) Reference(key string) string {
	if e.ClientReferenceID != "" {
		return e.ClientReferenceID
	}
	return e.Metadata[key]
}

// AccountReady reads an account.updated event: the Connect account it speaks of
// ("" when the event names none) and whether card payments may go to it now.
func (e Event) AccountReady() (accountID string, ready bool) {
	if e.Type != AccountUpdated || e.Raw.Data == nil {
		return "", false
	}
	obj := e.Raw.Data.Object
	accountID, _ = obj["id"].(string)
	charges, _ := obj["charges_enabled"].(bool)
	details, _ := obj["details_submitted"].(bool)
	return accountID, AccountStatus{ChargesEnabled: charges, DetailsSubmitted: details}.Ready()
}

// Connector is what onboarding needs of Payments.
type Connector interface {
	CreateExpressAccount(ctx context.Context, email, idempotencyKey string) (string, error)
	OnboardingLink(ctx context.Context, accountID, refreshURL, returnURL string) (string, error)
}

// Business is a seller on its way to card payments: its Connect account so far ("" if
// none yet), the e-mail a new one opens with, and a key stable for the business
// ("connect-"+its id) so a retry never opens a second account.
type Business struct {
	AccountID, Email, Key string
}

// Onboard starts (or resumes) b's Stripe Express onboarding and returns the address
// to send its owner to. A business without an account gets one, which takes no
// charges until onboarding is done; save records it before the link is made. Stripe
// sends the owner back to back with ?connect=done, or ?connect=retry when the link
// expired.
func Onboard(ctx context.Context, c Connector, b Business, back string, save func(accountID string) error) (string, error) {
	if b.AccountID == "" {
		id, err := c.CreateExpressAccount(ctx, b.Email, b.Key)
		if err != nil {
			return "", err
		}
		if err := save(id); err != nil {
			return "", err
		}
		b.AccountID = id
	}
	return c.OnboardingLink(ctx, b.AccountID, back+"?connect=retry", back+"?connect=done")
}

// Refunder is what RefundLate needs of Payments.
type Refunder interface {
	Refund(ctx context.Context, paymentIntentID string, amountCents int64, idempotencyKey string) (string, error)
}

// RefundLate gives back in full a payment that arrived for something the service no
// longer holds (ref: its order or enrolment id): the hold lapsed and what it held is
// gone. The idempotency key is made of ref, so a second delivery refunds nothing more.
func RefundLate(ctx context.Context, r Refunder, paymentIntentID, ref string) error {
	if paymentIntentID == "" {
		return errors.New("late payment for " + ref + " without a payment intent")
	}
	_, err := r.Refund(ctx, paymentIntentID, 0, "late-"+ref)
	return err
}
