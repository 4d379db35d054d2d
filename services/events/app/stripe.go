package app

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/events/domain"
)

// HandleStripe reacts to one verified Stripe event inside the transaction that
// records it as handled (the payments kit runs each event id once).
func (s *Events) HandleStripe(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
	if ev.Type == payments.AccountUpdated {
		return s.accountUpdated(ctx, s.txStore(tx), ev)
	}
	orderID := ev.Reference("orderId")
	if orderID == "" {
		return nil // not one of ours (e.g. a Connect account event)
	}
	st := s.txStore(tx)
	o, err := st.OrderByID(ctx, orderID)
	if errors.Is(err, domain.ErrNotFound) {
		s.log.WarnContext(ctx, "stripe event for an unknown order", "event", ev.ID, "order", orderID)
		return nil
	} else if err != nil {
		return err
	}
	now := s.now()
	switch {
	case ev.Paid():
		return s.paid(ctx, st, tx, o, ev, now)
	case ev.Type == payments.CheckoutSessionExpired:
		_, err = st.CloseOrder(ctx, o.ID, domain.OrderCancelled, now)
	case ev.Type == payments.PaymentIntentPaymentFailed:
		_, err = st.CloseOrder(ctx, o.ID, domain.OrderFailed, now)
	case ev.Type == payments.ChargeRefunded:
		// A refund made in Stripe's dashboard: record it when it covers the order.
		if o.Status == domain.OrderCompleted && ev.AmountCents >= o.TotalCents {
			_, err = st.RefundOrder(ctx, o.ID, now)
		}
	}
	return err
}

// paid completes a card order, and enqueues its tickets' e-mail, in the webhook's
// transaction tx.
func (s *Events) paid(ctx context.Context, st Store, tx *sql.Tx, o domain.Order, ev payments.Event, now time.Time) error {
	if o.Method != domain.PayCard {
		return nil
	}
	ok, err := st.CompleteOrder(ctx, o.ID, ev.PaymentIntentID, now)
	if err != nil {
		return err
	}
	if ok {
		return s.mailPaid(ctx, st, tx, o.ID)
	}
	if o.Status != domain.OrderCancelled && o.Status != domain.OrderFailed {
		return nil // already completed (or refunded): nothing to do
	}
	// Paid after the hold ran out: take the seats again if they are still there and
	// the event still happens…
	event, err := st.EventByID(ctx, o.EventID)
	if err != nil {
		return err
	}
	if event.Status == domain.EventPublished {
		ok, err = st.ReviveOrder(ctx, o.ID, ev.PaymentIntentID, now)
	}
	var sold *domain.SoldOutError
	if event.Status != domain.EventPublished || errors.As(err, &sold) || errors.Is(err, domain.ErrDiscountUsedUp) {
		// …else the buyer gets the money back; the order stays closed.
		s.log.WarnContext(ctx, "late payment for a closed order; refunding", "order", o.ID)
		return payments.RefundLate(ctx, s.pay, ev.PaymentIntentID, o.ID)
	}
	if err != nil || !ok {
		return err
	}
	return s.mailPaid(ctx, st, tx, o.ID)
}

// mailPaid enqueues a paid order's tickets' e-mail in the webhook's transaction. The
// webhook route kicks the outbox once that transaction has committed.
func (s *Events) mailPaid(ctx context.Context, st Store, tx *sql.Tx, orderID string) error {
	return s.enqueueTicketMailOf(ctx, st, tx, orderID)
}

// ConnectLink starts (or resumes) the organizer's Stripe Express onboarding and
// returns the address to send them to.
func (s *Events) ConnectLink(ctx context.Context, u *auth.User) (string, error) {
	if !u.Has(auth.RoleEventOrganizer) {
		return "", auth.ErrForbidden
	}
	if !s.CardEnabled() {
		return "", payments.ErrCardPaymentsOff
	}
	account, err := s.store.StripeAccount(ctx, u.ID)
	if err != nil {
		return "", err
	}
	return payments.Onboard(ctx, s.pay, payments.Business{AccountID: account.ID, Email: u.Email, Key: "connect-" + u.ID},
		s.publicURL+"/dashboard", func(id string) error {
			account.ID = id
			return s.store.SetStripeAccount(ctx, u.ID, u.Email, account, s.now())
		})
}

// RefreshStripeAccount asks Stripe whether the organizer's account can take charges
// now and records the answer: the organizer is back from onboarding. It reports
// whether card sales go to the account.
func (s *Events) RefreshStripeAccount(ctx context.Context, u *auth.User) (bool, error) {
	if !s.CardEnabled() {
		return false, nil
	}
	account, err := s.store.StripeAccount(ctx, u.ID)
	if err != nil || account.ID == "" {
		return false, err
	}
	st, err := s.pay.AccountStatus(ctx, account.ID)
	if err != nil {
		return account.CanCharge(), err
	}
	account.ChargesEnabled = st.Ready()
	return account.CanCharge(), s.store.SetStripeAccount(ctx, u.ID, u.Email, account, s.now())
}

// SetStripeAccount records an organizer's existing Connect account, one that can
// already take charges (demo data and tests; onboarding uses ConnectLink).
func (s *Events) SetStripeAccount(ctx context.Context, u *auth.User, account string) error {
	return s.store.SetStripeAccount(ctx, u.ID, u.Email, domain.PayoutAccount{ID: account, ChargesEnabled: true}, s.now())
}

// accountUpdated records whether a Connect account can take charges, from Stripe's
// account.updated event (an organizer finished onboarding, or Stripe paused them).
func (s *Events) accountUpdated(ctx context.Context, st Store, ev payments.Event) error {
	id, ready := ev.AccountReady()
	if id == "" {
		return nil
	}
	err := st.SetChargesEnabled(ctx, id, ready, s.now())
	if errors.Is(err, domain.ErrNotFound) {
		return nil // not an organizer's account here
	}
	return err
}

// cardReady says, per organizer, whether their events take card payments now: the
// platform has Stripe keys and the organizer's account can take charges.
func (s *Events) cardReady(ctx context.Context, organizerIDs []string) (map[string]bool, error) {
	if !s.CardEnabled() {
		return map[string]bool{}, nil
	}
	return s.store.OrganizersWhoCanCharge(ctx, organizerIDs)
}
