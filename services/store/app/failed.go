package app

import (
	"context"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/store/domain"
)

// SubjectOrder names an order in the admins' audit trail; ActionPaymentHandled is
// an admin's note that a failed card payment was looked after (the buyer told, a
// new checkout suggested).
const (
	SubjectOrder         = "order"
	ActionPaymentHandled = "payment_handled"
)

// FailedPayments lists the card orders whose payment failed and that no admin has
// handled yet, newest first: they wait for a person (admins only).
func (s *Service) FailedPayments(ctx context.Context, u *auth.User, page Page) (OrderList, error) {
	if !u.Has(auth.RoleAdmin) {
		return OrderList{}, auth.ErrForbidden
	}
	items, total, err := s.store.Orders(ctx, domain.OrderFilter{PaymentStatus: domain.PaymentFailed, UnhandledBy: SubjectOrder,
		Limit: page.Limit, Offset: page.Offset})
	return OrderList{items, total}, err
}

// HandleFailedPayment records, with the admin's note of what was done, that a
// failed payment was looked after; it leaves the queue (admins only).
func (s *Service) HandleFailedPayment(ctx context.Context, u *auth.User, orderID, note string) (domain.Order, error) {
	if !u.Has(auth.RoleAdmin) {
		return domain.Order{}, auth.ErrForbidden
	}
	o, err := s.store.Order(ctx, orderID)
	if err != nil {
		return o, notFound(err, "Order")
	}
	if o.PaymentStatus != domain.PaymentFailed {
		return o, errs.Errorf(errs.CodeConflict, "This order's payment did not fail.").
			With(map[string]any{"paymentStatus": string(o.PaymentStatus)})
	}
	if note, err = audit.Reason(note, true); err != nil {
		return o, err
	}
	return o, s.store.RecordAudit(ctx, audit.Entry{At: s.now(), Actor: audit.ActorOf(u), Action: ActionPaymentHandled,
		Subject: audit.Subject{Kind: SubjectOrder, ID: o.ID}, Reason: note})
}

// OrderTrail is what admins did about an order, newest first (admins only).
func (s *Service) OrderTrail(ctx context.Context, u *auth.User, orderID string) ([]audit.Entry, error) {
	if !u.Has(auth.RoleAdmin) {
		return nil, auth.ErrForbidden
	}
	return s.store.AuditTrail(ctx, audit.Subject{Kind: SubjectOrder, ID: orderID}, 0)
}
