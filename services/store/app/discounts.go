package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/discount"
	"stepperslife/services/store/domain"
)

// CreateDiscount adds a discount code to a vendor (owner or manager).
func (s *Service) CreateDiscount(ctx context.Context, u *auth.User, vendorID string, in domain.DiscountInput) (domain.Discount, error) {
	if _, _, err := s.team(ctx, u, vendorID, domain.RoleManager, false); err != nil {
		return domain.Discount{}, err
	}
	if err := in.Normalize(); err != nil {
		return domain.Discount{}, err
	}
	d := domain.Discount{ID: domain.NewID("dsc"), VendorID: vendorID, Code: in.Code, Kind: in.Kind, Amount: in.Amount,
		MinSubtotalCents: in.MinSubtotalCents, MaxDiscountCents: in.MaxDiscountCents, UsageLimit: in.UsageLimit,
		PerCustomerLimit: in.PerCustomerLimit, StartsAt: in.StartsAt, EndsAt: in.EndsAt, Active: true, CreatedAt: s.now()}
	return d, answer(s.store.CreateDiscount(ctx, d), domain.ErrDuplicate, errCodeTaken)
}

// Discounts lists a vendor's codes (its team).
func (s *Service) Discounts(ctx context.Context, u *auth.User, vendorID string) ([]domain.Discount, error) {
	if _, _, err := s.team(ctx, u, vendorID, domain.RoleManager, true); err != nil {
		return nil, err
	}
	return s.store.DiscountsOf(ctx, vendorID)
}

// SetDiscountActive turns a code on or off (owner or manager).
func (s *Service) SetDiscountActive(ctx context.Context, u *auth.User, id string, active bool) (domain.Discount, error) {
	d, err := s.store.Discount(ctx, id)
	if err != nil {
		return d, notFound(err, "Discount code")
	}
	if _, _, err := s.team(ctx, u, d.VendorID, domain.RoleManager, false); err != nil {
		return d, err
	}
	if err := s.store.SetDiscountActive(ctx, id, active); err != nil {
		return d, notFound(err, "Discount code")
	}
	d.Active = active
	return d, nil
}

// newCodeGuard counts discount-code attempts: per account, and misses per vendor.
func newCodeGuard(now func() time.Time) *discount.Guard {
	return discount.NewGuard(now, "check out without a code")
}

// applyCode takes code off the cart's quotes of every vendor that has it, counting
// the attempt. An unknown code and one this cart may not use get the same answer;
// goods under a code's minimum are told the minimum. It settles the quotes again.
func (s *Service) applyCode(ctx context.Context, u *auth.User, cart *domain.Cart, code string, now time.Time) error {
	vendors := make([]string, len(cart.Quotes))
	for i, q := range cart.Quotes {
		vendors[i] = q.Vendor.ID
	}
	if err := s.codes.Try(u.ID, vendors...); err != nil {
		return err
	}
	miss := func() error {
		s.codes.Miss(vendors...)
		return domain.ErrDiscountUnavailable
	}
	if len(code) > domain.MaxCodeLen {
		return miss() // no code is that long; not worth a query
	}
	found, err := s.store.DiscountsByCode(ctx, vendors, code)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return miss()
	}
	for i := range cart.Quotes {
		q := &cart.Quotes[i]
		d, ok := found[q.Vendor.ID]
		if !ok {
			continue
		}
		if err := q.ApplyDiscount(d, now); err == domain.ErrDiscountUnavailable {
			return miss()
		} else if err != nil {
			return err
		}
		if d.PerCustomerLimit > 0 {
			n, err := s.store.Redemptions(ctx, d.ID, u.ID)
			if err != nil {
				return err
			}
			if n >= d.PerCustomerLimit {
				return domain.ErrDiscountUnavailable
			}
		}
		q.Settle(cart.Fulfillment, cart.Method)
	}
	return nil
}
