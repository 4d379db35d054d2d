package app

import (
	"context"

	"stepperslife/internal/kit/holds"
	"stepperslife/services/events/domain"
)

// ExpireHolds cancels unpaid orders whose hold ran out, giving their seats back, and
// marks events that have ended COMPLETED. It returns how many orders it cancelled.
func (s *Events) ExpireHolds(ctx context.Context) (int, error) {
	now := s.now()
	n, err := holds.Expire(ctx,
		func(ctx context.Context, limit int) ([]string, error) { return s.store.ExpiredHolds(ctx, now, limit) },
		func(ctx context.Context, id string) (bool, error) {
			return s.store.CloseOrder(ctx, id, domain.OrderCancelled, now)
		})
	if err != nil {
		return n, err
	}
	_, err = s.store.CompletePastEvents(ctx, now)
	return n, err
}

// RunHoldSweeper expires holds until ctx ends.
func (s *Events) RunHoldSweeper(ctx context.Context) {
	holds.Sweep(ctx, s.log, "expired unpaid holds", s.ExpireHolds)
}
