package app

import (
	"context"
	"strconv"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/restaurants/domain"
)

// SubjectOrder is the audit trail's kind for an order.
const SubjectOrder = "order"

// What an admin does about a stuck refund, as the audit trail names it.
const (
	// ActionRetryRefund: the refund was asked of Stripe again, which took it.
	ActionRetryRefund = "retry_refund"
	// ActionRefundSettled: Stripe said the charge is refunded already, so the order
	// was marked refunded.
	ActionRefundSettled = "refund_settled"
)

var errRefundUnderWay = errs.Errorf(errs.CodeInvalidTransition,
	"Stripe holds a refund for this payment that has not gone through yet; the order is settled when Stripe confirms it.")

var errRefundNotStuck = errs.Errorf(errs.CodeInvalidTransition,
	"This order has no refund waiting for an admin: none is pending, or Stripe took it less than an hour ago.")

// RefundsWaiting lists, for admins, the card orders whose refund Stripe has not
// settled long after it was asked (domain.RefundStuckAfter), the latest asked first:
// their customers wait for money nobody else is seeing to.
func (s *Service) RefundsWaiting(ctx context.Context, u *auth.User, page Page) ([]domain.Order, int, error) {
	if !u.Has(auth.RoleAdmin) {
		return nil, 0, auth.ErrForbidden
	}
	return s.store.RefundsPending(ctx, s.now().Add(-domain.RefundStuckAfter), page.Limit, page.Offset)
}

// OrderReview is an order as an admin sees it: whether its refund is stuck, and what
// admins did about it, newest first.
type OrderReview struct {
	Order domain.Order
	Stuck bool
	Trail []audit.Entry
}

// ReviewOrder loads an order for an admin's page.
func (s *Service) ReviewOrder(ctx context.Context, u *auth.User, id string) (OrderReview, error) {
	if !u.Has(auth.RoleAdmin) {
		return OrderReview{}, auth.ErrForbidden
	}
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return OrderReview{}, notFound(err, "Order")
	}
	trail, err := s.store.AuditTrail(ctx, audit.Subject{Kind: SubjectOrder, ID: id}, 0)
	if err != nil {
		return OrderReview{}, err
	}
	return OrderReview{Order: o, Stuck: o.RefundStuck(s.now()), Trail: trail}, nil
}

// RetryRefund asks Stripe again for the refund of an order whose refund is stuck, and
// records who did it and why. When Stripe answers that the charge is refunded
// already and its refund went through, the order is marked refunded (settled
// reports it): its webhook was lost.
// Otherwise the order keeps waiting for charge.refunded, off the queue until it is
// stuck again.
//
// The idempotency key is made of the order's last change: an attempt whose answer was
// lost is repeated with the same key, so Stripe never takes it twice, while a retry
// after a recorded one is a new request.
func (s *Service) RetryRefund(ctx context.Context, u *auth.User, id, reason string) (o domain.Order, settled bool, err error) {
	if !u.Has(auth.RoleAdmin) {
		return o, false, auth.ErrForbidden
	}
	if reason, err = audit.Reason(reason, false); err != nil {
		return o, false, err
	}
	if o, err = s.store.Order(ctx, id); err != nil {
		return o, false, notFound(err, "Order")
	}
	if !o.RefundStuck(s.now()) || o.PaymentIntentID == "" {
		return o, false, errRefundNotStuck
	}
	key := "refund-" + o.ID + "-retry-" + strconv.FormatInt(o.UpdatedAt.UnixMicro(), 10)
	_, err = s.pay.Refund(ctx, o.PaymentIntentID, 0, key)
	if payments.AlreadyRefunded(err) {
		// Stripe refuses a second refund while the first is under way too: the order
		// is marked refunded only when that refund went through.
		if settled, err = s.pay.RefundSucceeded(ctx, o.PaymentIntentID); err != nil {
			return o, false, err
		}
		if !settled {
			return o, false, errRefundUnderWay
		}
	} else if err != nil {
		return o, false, err
	}
	action, to := ActionRetryRefund, domain.PaymentRefundPending
	if settled {
		action, to = ActionRefundSettled, domain.PaymentRefunded
	}
	now := s.now()
	err = s.inTx(ctx, func(st Store) error {
		ok, err := st.ApplyPayment(ctx, id, domain.PaymentUpdate{From: []domain.PaymentStatus{domain.PaymentRefundPending}, To: to}, now)
		if err != nil {
			return err
		}
		if !ok {
			return errOrderChanged // charge.refunded settled it meanwhile
		}
		return st.RecordAudit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: action,
			Subject: audit.Subject{Kind: SubjectOrder, ID: id}, Reason: reason})
	})
	if err != nil {
		return o, false, err
	}
	o.PaymentStatus, o.UpdatedAt = to, now
	if settled {
		s.publish(ctx, o, "payment")
	}
	return o, settled, nil
}
