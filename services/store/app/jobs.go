package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/loop"
	"stepperslife/services/store/domain"
)

// HoldSweepEvery is how often holds are checked, so units come back soon after 30
// minutes.
const HoldSweepEvery = 15 * time.Second

// ExpireHolds cancels card checkouts left unpaid past their hold, giving their units
// and code uses back, and returns how many it cancelled.
func (s *Service) ExpireHolds(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	for {
		ids, err := s.store.ExpiredHolds(ctx, now, 100)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			ok, err := s.store.CloseUnpaid(ctx, id, domain.PaymentVoided, "The card checkout was not paid within 30 minutes.", now)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
		if len(ids) < 100 {
			return n, nil
		}
	}
}

// RunHoldSweeper expires holds until ctx ends.
func (s *Service) RunHoldSweeper(ctx context.Context) {
	loop.Run(ctx, HoldSweepEvery, loop.Kick{}, func(ctx context.Context) {
		if n, err := s.ExpireHolds(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("expiring holds", "error", err.Error())
		} else if n > 0 {
			s.log.Info("expired unpaid card checkouts", "orders", n)
		}
	})
}
