package app

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/restaurants/domain"
)

// PaymentSetup is a restaurant's card payment standing, for its dashboard.
type PaymentSetup struct {
	CardPayments bool   `json:"cardPayments"` // the platform has Stripe keys
	AccountID    string `json:"accountId,omitempty"`
	payments.AccountStatus
}

// Onboard opens (once) the restaurant's Connect Express account and returns the Stripe
// address where the owner finishes setting it up.
func (s *Service) Onboard(ctx context.Context, u *auth.User, restaurantID string) (string, error) {
	r, err := s.owned(ctx, u, restaurantID)
	if err != nil {
		return "", err
	}
	if !s.pay.Enabled() {
		return "", payments.ErrCardPaymentsOff
	}
	if r.StripeAccount == "" {
		acct, err := s.pay.CreateExpressAccount(ctx, r.OwnerEmail, "connect-account-"+r.ID)
		if err != nil {
			return "", err
		}
		if err := s.store.SetStripeAccount(ctx, r.ID, acct, s.now()); err != nil {
			return "", notFound(err, "Restaurant")
		}
		r.StripeAccount = acct
	}
	back := strings.TrimRight(s.publicURL, "/") + "/dashboard/" + r.ID
	return s.pay.OnboardingLink(ctx, r.StripeAccount, back+"?onboarding=refresh", back+"?onboarding=done")
}

// PaymentSetup tells the owner whether the restaurant can take cards.
func (s *Service) PaymentSetup(ctx context.Context, u *auth.User, restaurantID string) (PaymentSetup, error) {
	r, err := s.owned(ctx, u, restaurantID)
	if err != nil {
		return PaymentSetup{}, err
	}
	out := PaymentSetup{CardPayments: s.pay.Enabled(), AccountID: r.StripeAccount}
	if !out.CardPayments || r.StripeAccount == "" {
		return out, nil
	}
	out.AccountStatus, err = s.cardStatus(ctx, r)
	return out, err
}

// cardStatus asks Stripe what r's account can do, and records whether it can take
// charges, which decides whether card orders are taken and what the restaurant's
// JSON says.
func (s *Service) cardStatus(ctx context.Context, r domain.Restaurant) (payments.AccountStatus, error) {
	st, err := s.pay.AccountStatus(ctx, r.StripeAccount)
	if err != nil {
		return st, err
	}
	if st.Ready() != r.CardReady {
		if err := s.store.SetCardReady(ctx, r.ID, st.Ready()); err != nil {
			return st, notFound(err, "Restaurant")
		}
	}
	return st, nil
}

// CardPayments reports whether a card order at r may be placed now, as last
// recorded: the platform has Stripe keys and r's account can take charges.
func (s *Service) CardPayments(r domain.Restaurant) bool {
	return s.pay.Enabled() && r.StripeAccount != "" && r.CardReady
}

// checkCard refuses a card order at r up front unless r can take cards: before any
// order is stored or checkout opened. An account not known to be ready is asked
// about once more, so an owner who just finished onboarding is not turned away.
func (s *Service) checkCard(ctx context.Context, r domain.Restaurant) error {
	if !s.pay.Enabled() {
		return payments.ErrCardPaymentsOff
	}
	if r.StripeAccount == "" {
		return errNoCard
	}
	if r.CardReady {
		return nil
	}
	st, err := s.cardStatus(ctx, r)
	if err != nil {
		return err
	}
	if !st.Ready() {
		return errCardNotReady
	}
	return nil
}

// HandlePayment applies one verified Stripe event through st, the store bound to the
// transaction that records the event as handled: the change and that record commit
// together, or neither does. It returns the order whose restaurant's board should
// refresh, if any.
func (s *Service) HandlePayment(ctx context.Context, st Store, ev payments.Event) (changed *domain.Order, err error) {
	switch ev.Type {
	case payments.CheckoutSessionCompleted, "checkout.session.async_payment_succeeded",
		payments.CheckoutSessionExpired, payments.ChargeRefunded:
	default:
		return nil, nil // other events are not about restaurant orders
	}
	o, err := st.OrderForPayment(ctx, ev.CheckoutSessionID, ev.ClientReferenceID, ev.PaymentIntentID)
	if errors.Is(err, domain.ErrNotFound) {
		s.log.Warn("stripe event for no known order", slog.String("event", ev.ID), slog.String("type", ev.Type))
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var u domain.PaymentUpdate
	switch ev.Type {
	case payments.CheckoutSessionExpired:
		u = domain.PaymentUpdate{From: []domain.PaymentStatus{domain.PaymentAwaiting}, To: domain.PaymentNotCollected,
			Status: domain.OrderCancelled, StatusFrom: []domain.OrderStatus{domain.OrderPending}}
	case payments.ChargeRefunded:
		u = domain.PaymentUpdate{From: []domain.PaymentStatus{domain.PaymentPaid, domain.PaymentRefundPending}, To: domain.PaymentRefunded}
	default:
		if !ev.Paid() {
			return nil, nil // e.g. an asynchronous method still settling
		}
		if ev.AmountCents != 0 && ev.AmountCents != o.TotalCents {
			s.log.Error("stripe paid another amount than the order's total; not marking it paid",
				slog.String("order", o.ID), slog.Int64("paid", ev.AmountCents), slog.Int64("total", o.TotalCents))
			return nil, nil
		}
		u = domain.PaymentUpdate{From: []domain.PaymentStatus{domain.PaymentAwaiting}, To: domain.PaymentPaid,
			PaymentIntentID: ev.PaymentIntentID}
	}
	ok, err := st.ApplyPayment(ctx, o.ID, u, s.now())
	if err != nil || !ok {
		return nil, err
	}
	if u.To == domain.PaymentPaid {
		// Queued in the same transaction: the e-mail goes out only if the payment counts.
		if err := s.enqueueConfirmation(ctx, st, o); err != nil {
			return nil, err
		}
	}
	return &o, nil
}

// Announce tells the restaurant's dashboards about a payment change and sends its
// e-mail, once the change is committed.
func (s *Service) Announce(ctx context.Context, o *domain.Order) {
	if o != nil {
		s.publish(ctx, *o, "payment")
		s.KickMail()
	}
}
