package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/loop"
	"stepperslife/services/events/domain"
)

// HoldSweepEvery is how often holds are checked, so seats come back soon after 30
// minutes.
const HoldSweepEvery = 15 * time.Second

// ExpireHolds cancels unpaid orders whose hold ran out, giving their seats back, and
// marks events that have ended COMPLETED. It returns how many orders it cancelled.
func (s *Events) ExpireHolds(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	for {
		ids, err := s.store.ExpiredHolds(ctx, now, 100)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			ok, err := s.store.CloseOrder(ctx, id, domain.OrderCancelled, now)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
		if len(ids) < 100 {
			break
		}
	}
	_, err := s.store.CompletePastEvents(ctx, now)
	return n, err
}

// RunHoldSweeper expires holds until ctx ends.
func (s *Events) RunHoldSweeper(ctx context.Context) {
	loop.Run(ctx, HoldSweepEvery, loop.Kick{}, func(ctx context.Context) {
		if n, err := s.ExpireHolds(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("expiring holds", "error", err.Error())
		} else if n > 0 {
			s.log.Info("expired unpaid holds", "orders", n)
		}
	})
}
