package app

import (
	"context"
	"fmt"
	"math"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ratelimit"
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

// Limits on discount-code attempts. Codes are short and vendors pick them, so
// guessing must be slow: an account may try a few codes, and a cart's vendors stop
// answering codes for a while once many wrong guesses hit them from any number of
// accounts. The limits live in this process; replicas each keep their own.
const (
	codeWindow             = 15 * time.Minute
	codeTriesPerAccount    = 10  // every checkout that names a code
	codeMissesPerVendor    = 100 // codes refused, whoever tried them
	codeRetryAfterFallback = time.Second
)

// codeLimits counts discount-code attempts.
type codeLimits struct {
	tries  *ratelimit.Limiter // per account
	misses *ratelimit.Limiter // per vendor
}

func newCodeLimits(now func() time.Time) codeLimits {
	l := codeLimits{tries: ratelimit.New(codeTriesPerAccount, codeWindow), misses: ratelimit.New(codeMissesPerVendor, codeWindow)}
	l.tries.SetClock(now)
	l.misses.SetClock(now)
	return l
}

// applyCode takes code off the cart's quotes of every vendor that has it, counting
// the attempt. An unknown code and one this cart may not use get the same answer;
// goods under a code's minimum are told the minimum. It settles the quotes again.
func (s *Service) applyCode(ctx context.Context, u *auth.User, cart *domain.Cart, code string, now time.Time) error {
	vendors := make([]string, len(cart.Quotes))
	for i, q := range cart.Quotes {
		vendors[i] = q.Vendor.ID
	}
	for _, v := range vendors {
		if blocked, wait := s.codes.misses.Blocked(v); blocked {
			return codesRateLimited(wait)
		}
	}
	if ok, wait := s.codes.tries.Allow(u.ID); !ok {
		return codesRateLimited(wait)
	}
	miss := func() error {
		for _, v := range vendors {
			s.codes.misses.Allow(v)
		}
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

// codesRateLimited is the 429 answer; the handler turns retryAfterSeconds into a
// Retry-After header.
func codesRateLimited(wait time.Duration) error {
	wait = max(wait, codeRetryAfterFallback)
	secs := int(math.Ceil(wait.Seconds()))
	when := "a minute"
	if mins := (secs + 59) / 60; mins > 1 {
		when = fmt.Sprintf("%d minutes", mins)
	}
	return errs.Errorf(errs.CodeRateLimited, "Too many discount code attempts. Please try again in "+when+", or check out without a code.").
		With(map[string]any{"retryAfterSeconds": secs})
}
