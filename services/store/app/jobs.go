package app

import (
	"context"

	"stepperslife/internal/kit/holds"
	"stepperslife/services/store/domain"
)

// ExpireHolds cancels card checkouts left unpaid past their hold, giving their units
// and code uses back, and returns how many it cancelled.
func (s *Service) ExpireHolds(ctx context.Context) (int, error) {
	now := s.now()
	return holds.Expire(ctx,
		func(ctx context.Context, limit int) ([]string, error) { return s.store.ExpiredHolds(ctx, now, limit) },
		func(ctx context.Context, id string) (bool, error) {
			return s.store.CloseUnpaid(ctx, id, domain.PaymentVoided, "The card checkout was not paid within 30 minutes.", now)
		})
}

// RunHoldSweeper expires holds until ctx ends.
func (s *Service) RunHoldSweeper(ctx context.Context) {
	holds.Sweep(ctx, s.log, "expired unpaid card checkouts", s.ExpireHolds)
}
