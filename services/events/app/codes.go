package app

import (
	"context"
	"errors"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/discount"
	"stepperslife/services/events/domain"
)

// newCodeGuard counts discount-code attempts: per account, and misses per event.
func newCodeGuard(now func() time.Time) *discount.Guard {
	return discount.NewGuard(now, "buy without a code")
}

// applyCode looks up code for ev and takes it off q, counting the attempt. An
// unknown code and one this order may not use get the same answer.
func (s *Events) applyCode(ctx context.Context, u *auth.User, ev domain.Event, q *domain.Quote, code string, now time.Time) error {
	if err := s.codes.Try(u.ID, ev.ID); err != nil {
		return err
	}
	if len(code) > domain.MaxCodeLen {
		s.codes.Miss(ev.ID)
		return domain.ErrDiscountUnavailable // no code is that long; not worth a query
	}
	d, err := s.store.DiscountByCode(ctx, ev.ID, code)
	if errors.Is(err, domain.ErrNotFound) {
		s.codes.Miss(ev.ID)
		return domain.ErrDiscountUnavailable
	} else if err != nil {
		return err
	}
	if err := q.ApplyDiscount(d, ev.ID, now); err != nil {
		s.codes.Miss(ev.ID)
		return err
	}
	return nil
}
