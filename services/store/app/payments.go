package app

import (
	"context"
	"database/sql"
	"errors"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/store/domain"
)

// HandleStripe reacts to one verified Stripe event inside the transaction that
// records it as handled (the payments kit runs each event id once): an order is
// paid only here.
func (s *Service) HandleStripe(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
	st := s.txStore(tx)
	if ev.Type == payments.AccountUpdated {
		return s.accountUpdated(ctx, st, ev)
	}
	orderID := ev.Reference("orderId")
	if orderID == "" {
		return nil // not one of ours
	}
	o, err := st.Order(ctx, orderID)
	if errors.Is(err, domain.ErrNotFound) {
		s.log.WarnContext(ctx, "stripe event for an unknown order", "event", ev.ID, "order", orderID)
		return nil
	} else if err != nil {
		return err
	}
	if o.Method != domain.PayCard {
		return nil
	}
	now := s.now()
	switch {
	case ev.Paid():
		return s.paid(ctx, st, o, ev)
	case ev.Type == payments.CheckoutSessionExpired:
		_, err = st.CloseUnpaid(ctx, o.ID, domain.PaymentVoided, "The card checkout expired unpaid.", now)
	case ev.Type == payments.PaymentIntentPaymentFailed:
		_, err = st.CloseUnpaid(ctx, o.ID, domain.PaymentFailed, "The card payment failed.", now)
	case ev.Type == payments.ChargeRefunded:
		err = s.refundedAtStripe(ctx, st, o, ev.AmountCents)
	}
	return err
}

// paid records a card order's payment and enqueues its confirmation, in the
// webhook's transaction. A payment that arrives after the hold lapsed takes the
// units back while they are there; when they are gone, the vendor no longer sells,
// or a person cancelled the order, the buyer gets the money back and the order
// stays cancelled.
func (s *Service) paid(ctx context.Context, st Store, o domain.Order, ev payments.Event) error {
	now := s.now()
	ok, err := st.MarkPaid(ctx, o.ID, ev.PaymentIntentID, now)
	if err != nil {
		return err
	}
	if !ok {
		if o.FulfillmentStatus != domain.Cancelled || o.PaymentStatus.Collected() || o.PaymentStatus == domain.PaymentRefunded {
			return nil // paid already (or refunded since): nothing to do
		}
		revived := false
		if o.Lapsed {
			v, err := st.Vendor(ctx, o.VendorID)
			if err != nil {
				return err
			}
			if v.Listed() {
				revived, err = st.Revive(ctx, o.ID, ev.PaymentIntentID, now)
				var short *domain.InsufficientError
				if err != nil && !errors.As(err, &short) && !errors.Is(err, domain.ErrDiscountUsedUp) {
					return err
				}
			}
		}
		if !revived {
			// Cancelled by a person, or its units sold since, or its vendor no longer
			// sells: the buyer gets the money back and the order stays cancelled.
			s.log.WarnContext(ctx, "payment for a closed order; refunding", "order", o.ID)
			return payments.RefundLate(ctx, s.pay, ev.PaymentIntentID, o.ID)
		}
	}
	paidOrder, err := st.Order(ctx, o.ID)
	if err != nil {
		return err
	}
	return st.EnqueueMail(ctx, s.confirmationMail(paidOrder))
}

// refundedAtStripe records a refund made in Stripe's dashboard: Stripe says how much
// of the charge is refunded in all, which covers the refunds this service made.
func (s *Service) refundedAtStripe(ctx context.Context, st Store, o domain.Order, refundedInAll int64) error {
	more := min(refundedInAll, o.TotalCents) - o.RefundedCents
	if more <= 0 || !o.PaymentStatus.Collected() {
		return nil
	}
	if err := st.RecordRefund(ctx, o.ID, o.RefundedCents, more, false, s.now()); err != nil {
		return err
	}
	o.RefundedCents += more
	return st.EnqueueMail(ctx, s.refundMail(o, more))
}

// accountUpdated records whether a Connect account can take charges, from Stripe's
// account.updated event (a vendor finished onboarding, or Stripe paused them).
func (s *Service) accountUpdated(ctx context.Context, st Store, ev payments.Event) error {
	id, ready := ev.AccountReady()
	if id == "" {
		return nil
	}
	err := st.SetCardReady(ctx, id, ready, s.now())
	if errors.Is(err, domain.ErrNotFound) {
		return nil // not a vendor's account here
	}
	return err
}

// ConnectLink starts (or resumes) the vendor's Stripe Express onboarding and returns
// the address to send its owner to.
func (s *Service) ConnectLink(ctx context.Context, u *auth.User, vendorID string) (string, error) {
	v, _, err := s.team(ctx, u, vendorID, domain.RoleOwner, false)
	if err != nil {
		return "", err
	}
	if !s.CardEnabled() {
		return "", payments.ErrCardPaymentsOff
	}
	return payments.Onboard(ctx, s.pay, payments.Business{AccountID: v.StripeAccount, Email: v.OwnerEmail, Key: "connect-" + v.ID},
		s.publicURL+"/dashboard/vendors/"+v.ID, func(id string) error {
			return s.store.SetStripeAccount(ctx, v.ID, id, s.now())
		})
}

// PaymentSetup is where a vendor's card payments stand.
type PaymentSetup struct {
	CardPayments   bool
	Connected      bool
	ChargesEnabled bool
}

// Payments says where the vendor's card payments stand, asking Stripe afresh when
// an account was opened but cannot charge yet: the owner may be back from
// onboarding (anyone on the team may look; admins too).
func (s *Service) Payments(ctx context.Context, u *auth.User, vendorID string) (PaymentSetup, error) {
	v, _, err := s.team(ctx, u, vendorID, domain.RoleStaff, true)
	if err != nil {
		return PaymentSetup{}, err
	}
	out := PaymentSetup{CardPayments: s.CardEnabled(), Connected: v.StripeAccount != "", ChargesEnabled: v.CardReady}
	if out.CardPayments && out.Connected && !out.ChargesEnabled {
		st, err := s.pay.AccountStatus(ctx, v.StripeAccount)
		if err != nil {
			return out, err
		}
		if st.Ready() {
			if err := s.store.SetCardReady(ctx, v.StripeAccount, true, s.now()); err != nil {
				return out, err
			}
			out.ChargesEnabled = true
		}
	}
	return out, nil
}
