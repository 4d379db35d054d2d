package payments

import (
	"context"
	"strings"

	"stepperslife/internal/kit/errs"

	"github.com/stripe/stripe-go/v82"
)

// AccountStatus is what a business's Express account can do so far.
type AccountStatus struct {
	ChargesEnabled   bool `json:"chargesEnabled"`
	DetailsSubmitted bool `json:"detailsSubmitted"`
	PayoutsEnabled   bool `json:"payoutsEnabled"`
}

// Ready reports whether card payments may be sent to the account.
func (s AccountStatus) Ready() bool { return s.ChargesEnabled && s.DetailsSubmitted }

// CreateExpressAccount opens a Stripe Connect Express account for a business and
// returns its id (acct_…). idempotencyKey must be stable for the business (e.g.
// "connect-"+businessID) so a retry never opens a second account.
func (p *Payments) CreateExpressAccount(ctx context.Context, email, idempotencyKey string) (string, error) {
	if !p.Enabled() {
		return "", ErrCardPaymentsOff
	}
	if idempotencyKey == "" {
		return "", ErrNoIdempotencyKey
	}
	params := &stripe.AccountCreateParams{
		Type: stripe.String(string(stripe.AccountTypeExpress)),
		// Destination charges need transfers; card_payments lets the business's
		// dashboard show the payments it received.
		Capabilities: &stripe.AccountCreateCapabilitiesParams{
			CardPayments: &stripe.AccountCreateCapabilitiesCardPaymentsParams{Requested: stripe.Bool(true)},
			Transfers:    &stripe.AccountCreateCapabilitiesTransfersParams{Requested: stripe.Bool(true)},
		},
	}
	if email = strings.TrimSpace(email); email != "" {
		params.Email = stripe.String(email)
	}
	params.SetIdempotencyKey(idempotencyKey)
	acct, err := p.client.V1Accounts.Create(ctx, params)
	if err != nil {
		return "", p.stripeFailure(ctx, "create account", err)
	}
	return acct.ID, nil
}

// OnboardingLink returns a short-lived Stripe URL where the business completes its
// account; Stripe sends it to refreshURL when the link expired, to returnURL when done
// (which does not mean finished: check AccountStatus there).
func (p *Payments) OnboardingLink(ctx context.Context, accountID, refreshURL, returnURL string) (string, error) {
	if !p.Enabled() {
		return "", ErrCardPaymentsOff
	}
	bad := map[string]string{}
	if accountID == "" {
		bad["accountId"] = "is required"
	}
	if refreshURL == "" {
		bad["refreshUrl"] = "is required"
	}
	if returnURL == "" {
		bad["returnUrl"] = "is required"
	}
	if len(bad) > 0 {
		return "", errs.Invalid(bad)
	}
	link, err := p.client.V1AccountLinks.Create(ctx, &stripe.AccountLinkCreateParams{
		Account:    stripe.String(accountID),
		RefreshURL: stripe.String(refreshURL),
		ReturnURL:  stripe.String(returnURL),
		Type:       stripe.String(string(stripe.AccountLinkTypeAccountOnboarding)),
	})
	if err != nil {
		return "", p.stripeFailure(ctx, "create account link", err)
	}
	return link.URL, nil
}

// AccountStatus reads whether the account may take charges and receive payouts.
func (p *Payments) AccountStatus(ctx context.Context, accountID string) (AccountStatus, error) {
	if !p.Enabled() {
		return AccountStatus{}, ErrCardPaymentsOff
	}
	if accountID == "" {
		return AccountStatus{}, errs.Invalid(map[string]string{"accountId": "is required"})
	}
	acct, err := p.client.V1Accounts.GetByID(ctx, accountID, nil)
	if err != nil {
		return AccountStatus{}, p.stripeFailure(ctx, "retrieve account", err)
	}
	return AccountStatus{
		ChargesEnabled:   acct.ChargesEnabled,
		DetailsSubmitted: acct.DetailsSubmitted,
		PayoutsEnabled:   acct.PayoutsEnabled,
	}, nil
}
