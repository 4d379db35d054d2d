package app

import (
	"context"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/events/domain"
)

// RefundsOwed lists, for admins, the paid orders of cancelled events whose refund
// failed at the cancellation, the latest cancelled first: their buyers wait for
// their money.
func (s *Events) RefundsOwed(ctx context.Context, u *auth.User, limit, offset int) ([]domain.RefundOwed, int, error) {
	if !u.Has(auth.RoleAdmin) {
		return nil, 0, auth.ErrForbidden
	}
	return s.store.RefundsOwed(ctx, limit, offset)
}

// OrderReview is an order as an admin reviews it.
type OrderReview struct {
	Order domain.Order
	Event domain.Event
	// Owed: the event is cancelled and the order still paid, so its buyer waits for
	// a refund.
	Owed bool
	// Refundable: the order is paid, so it can be refunded.
	Refundable bool
	Trail      []audit.Entry
}

// ReviewOrder loads an order, its event and its audit trail for an admin's page.
func (s *Events) ReviewOrder(ctx context.Context, u *auth.User, id string) (OrderReview, error) {
	if !u.Has(auth.RoleAdmin) {
		return OrderReview{}, auth.ErrForbidden
	}
	o, err := s.order(ctx, id)
	if err != nil {
		return OrderReview{}, err
	}
	ev, err := s.event(ctx, o.EventID)
	if err != nil {
		return OrderReview{}, err
	}
	trail, err := s.store.AuditTrail(ctx, audit.Subject{Kind: SubjectOrder, ID: id}, 0)
	if err != nil {
		return OrderReview{}, err
	}
	paid := o.Status == domain.OrderCompleted
	return OrderReview{Order: o, Event: ev, Owed: paid && ev.Status == domain.EventCancelled, Refundable: paid, Trail: trail}, nil
}
