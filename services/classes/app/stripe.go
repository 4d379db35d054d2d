package app

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/classes/domain"
)

// HandleStripe reacts to one verified Stripe event inside the transaction tx that
// records it as handled (the payments kit runs each event id once); st is the store
// bound to tx.
func (s *Service) HandleStripe(ctx context.Context, st Store, ev payments.Event) error {
	if ev.Type == payments.AccountUpdated {
		return s.accountUpdated(ctx, st, ev)
	}
	id := ev.Reference("enrollmentId")
	if id == "" {
		return nil // not one of ours
	}
	e, err := st.Enrollment(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		s.log.WarnContext(ctx, "stripe event for an unknown enrolment", "event", ev.ID, "enrollment", id)
		return nil
	} else if err != nil {
		return err
	}
	now := s.Now()
	pending := []domain.EnrollmentStatus{domain.EnrollPendingPayment}
	switch {
	case ev.Paid():
		return s.paid(ctx, st, e, ev)
	case ev.Type == payments.CheckoutSessionExpired:
		return s.closeInTx(ctx, st, e, pending, domain.EnrollExpired, now)
	case ev.Type == payments.PaymentIntentPaymentFailed:
		return s.closeInTx(ctx, st, e, pending, domain.EnrollCancelled, now)
	}
	return nil
}

// closeInTx ends an unpaid enrolment inside the webhook's transaction and moves the line.
func (s *Service) closeInTx(ctx context.Context, st Store, e domain.Enrollment, from []domain.EnrollmentStatus,
	to domain.EnrollmentStatus, now time.Time) error {
	c, err := st.Class(ctx, e.ClassID)
	if err != nil {
		return err
	}
	_, _, promoted, err := st.Release(ctx, e.ID, from, to, 0, now)
	if err != nil {
		return err
	}
	return s.mailPromoted(ctx, st, c, promoted)
}

// paid confirms a card enrolment. A payment that arrives after its hold ended (the
// seats went back, maybe to the line) is refunded: reseating it would skip whoever
// waited.
func (s *Service) paid(ctx context.Context, st Store, e domain.Enrollment, ev payments.Event) error {
	if e.Method != domain.PayCard {
		return nil
	}
	ok, err := st.Confirm(ctx, e.ID, ev.PaymentIntentID, s.Now())
	if err != nil {
		return err
	}
	if ok {
		c, err := st.Class(ctx, e.ClassID)
		if err != nil {
			return err
		}
		e.Status = domain.EnrollConfirmed
		return s.enqueue(ctx, st, s.confirmedMail(c, e, s.firstOf(ctx, st, e)))
	}
	if e.Status != domain.EnrollExpired && e.Status != domain.EnrollCancelled {
		return nil // confirmed already: a second delivery of the same payment
	}
	s.log.WarnContext(ctx, "late payment for an enrolment whose hold ended; refunding", "enrollment", e.ID)
	return payments.RefundLate(ctx, s.pay, ev.PaymentIntentID, e.ID)
}

// StripeHandler adapts HandleStripe to the payments kit's webhook, binding the store
// to the event's transaction.
func (s *Service) StripeHandler(txStore func(tx *sql.Tx) Store) payments.HandleFunc {
	return func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
		return s.HandleStripe(ctx, txStore(tx), ev)
	}
}

// accountUpdated records whether an instructor's Connect account can take charges.
func (s *Service) accountUpdated(ctx context.Context, st Store, ev payments.Event) error {
	id, ready := ev.AccountReady()
	if id == "" {
		return nil
	}
	if err := st.SetChargesEnabled(ctx, id, ready, s.Now()); !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	return nil
}

// ConnectLink starts (or resumes) the instructor's Stripe Express onboarding and
// returns the address to send them to.
func (s *Service) ConnectLink(ctx context.Context, u *auth.User) (string, error) {
	if !u.Has(auth.RoleInstructor) {
		return "", auth.ErrForbidden
	}
	if !s.CardEnabled() {
		return "", payments.ErrCardPaymentsOff
	}
	i, err := s.store.Instructor(ctx, u.ID)
	if err != nil {
		return "", err
	}
	return payments.Onboard(ctx, s.pay, payments.Business{AccountID: i.StripeAccountID, Email: u.Email, Key: "connect-" + u.ID},
		s.publicURL+"/dashboard", func(id string) error {
			i.StripeAccountID, i.Email = id, u.Email
			return s.store.SetInstructor(ctx, i, s.Now())
		})
}

// SetStripeAccount records an instructor's existing Connect account that can take
// charges already (demo data and tests; onboarding uses ConnectLink).
func (s *Service) SetStripeAccount(ctx context.Context, u *auth.User, account string) error {
	return s.store.SetInstructor(ctx, domain.Instructor{UserID: u.ID, Email: u.Email, StripeAccountID: account, ChargesEnabled: true}, s.Now())
}
