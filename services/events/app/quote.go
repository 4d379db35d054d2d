package app

import (
	"context"
	"errors"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/events/domain"
)

// Quote prices a purchase as Purchase would (its lines, then its discount code) and
// places nothing, so a buyer sees the total before paying. Trying a code counts
// against the same guessing limit as buying with it.
func (s *Events) Quote(ctx context.Context, u *auth.User, req PurchaseRequest) (domain.Quote, error) {
	ev, tierList, err := s.store.EventForSale(ctx, req.EventID)
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Quote{}, errEventNotFound
	} else if err != nil {
		return domain.Quote{}, err
	}
	tiers := make(map[string]domain.Tier, len(tierList))
	for _, t := range tierList {
		tiers[t.ID] = t
	}
	now := s.now()
	// Any method the lines accept: how the total is paid does not change it.
	q, err := domain.PriceLines(ev, tiers, req.Items, domain.PayCash, now)
	if err != nil {
		return domain.Quote{}, err
	}
	if code := domain.NormalizeCodeName(req.DiscountCode); code != "" {
		if err := s.applyCode(ctx, u, ev, &q, code, now); err != nil {
			return domain.Quote{}, err
		}
	}
	q.TotalCents = q.SubtotalCents - q.DiscountCents
	return q, nil
}
