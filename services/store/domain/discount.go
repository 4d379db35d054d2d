package domain

import (
	"strings"
	"time"

	"stepperslife/internal/kit/discount"
	"stepperslife/internal/kit/errs"
)

// DiscountKind says how a code takes money off (the kit's rule for every seller).
type DiscountKind = discount.Kind

// Discount kinds: a percentage of the goods, or a fixed amount in cents.
const (
	DiscountPercent = discount.Percent
	DiscountFixed   = discount.Fixed
)

// Discount is a code a vendor hands out, good on that vendor's goods only.
type Discount struct {
	ID       string
	VendorID string
	Code     string
	Kind     DiscountKind
	// Amount is a percentage (1–100) or cents.
	Amount int64
	// MinSubtotalCents is what the vendor's goods must come to for the code to apply.
	MinSubtotalCents int64
	// MaxDiscountCents caps what a percentage code takes off; 0 sets no cap.
	MaxDiscountCents int64
	// UsageLimit bounds the orders that use the code, PerCustomerLimit those of one
	// customer; 0 sets no bound.
	UsageLimit       int
	PerCustomerLimit int
	UsedCount        int
	StartsAt         *time.Time
	EndsAt           *time.Time
	Active           bool
	CreatedAt        time.Time
}

// Usable reports whether the code may be redeemed at now at all: active, within its
// dates, uses left. The store re-checks this, and the per-customer limit,
// atomically when an order takes a use.
func (d Discount) Usable(now time.Time) bool {
	switch {
	case !d.Active:
		return false
	case d.StartsAt != nil && now.Before(*d.StartsAt):
		return false
	case d.EndsAt != nil && !now.Before(*d.EndsAt):
		return false
	}
	return d.UsageLimit == 0 || d.UsedCount < d.UsageLimit
}

// Off is how many cents the code takes off goods worth subtotal: never more than its
// cap nor than the goods. Percentages round down, so the vendor is never short by a
// rounding.
func (d Discount) Off(subtotal int64) int64 {
	return discount.Off(d.Kind, d.Amount, d.MaxDiscountCents, subtotal)
}

// ErrDiscountUnavailable answers every code an order cannot use: unknown, of a vendor
// not in the cart, inactive, outside its dates, or used up (overall or by this
// customer). One answer for all of them, so it tells a guesser nothing.
var ErrDiscountUnavailable = errs.Errorf(errs.CodeConflict, "This discount code cannot be used for this order.")

// BelowMinimum answers a code whose vendor's goods in the cart come to less than
// its minimum.
func BelowMinimum(d Discount) *errs.Error {
	return errs.Errorf(errs.CodeConflict, "This discount code needs at least "+Dollars(d.MinSubtotalCents)+
		" of this vendor's items in your cart.").With(map[string]any{"minSubtotalCents": d.MinSubtotalCents})
}

// NormalizeCode makes codes case-insensitive.
func NormalizeCode(s string) string { return discount.NormalizeCode(s) }

// Lengths a code may have, and how often it may be used.
const (
	MinCodeLen    = discount.MinCodeLen
	MaxCodeLen    = discount.MaxCodeLen
	MaxUsageLimit = discount.MaxUsageLimit
)

// DiscountInput is what a vendor writes about a code.
type DiscountInput struct {
	Code             string
	Kind             DiscountKind
	Amount           int64
	MinSubtotalCents int64
	MaxDiscountCents int64
	UsageLimit       int
	PerCustomerLimit int
	StartsAt         *time.Time
	EndsAt           *time.Time
}

// Normalize checks the input, naming each bad field.
func (in *DiscountInput) Normalize() error {
	in.Code = NormalizeCode(in.Code)
	in.Kind = DiscountKind(strings.ToUpper(strings.TrimSpace(string(in.Kind))))
	bad := map[string]string{}
	if len(in.Code) < MinCodeLen || len(in.Code) > MaxCodeLen || strings.ContainsFunc(in.Code, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) {
		bad["code"] = "must be 3 to 32 letters, digits, - or _"
	}
	discount.CheckAmount(bad, in.Kind, in.Amount, MaxOrderCents)
	if in.Kind == DiscountFixed && in.MaxDiscountCents != 0 {
		bad["maxDiscountCents"] = "caps percentage codes only"
	}
	if in.MinSubtotalCents < 0 || in.MinSubtotalCents > MaxOrderCents {
		bad["minSubtotalCents"] = "must be from 0 to 5000000"
	}
	if in.MaxDiscountCents < 0 || in.MaxDiscountCents > MaxOrderCents {
		bad["maxDiscountCents"] = "must be from 0 (no cap) to 5000000"
	}
	discount.CheckUsageLimit(bad, "usageLimit", in.UsageLimit)
	discount.CheckUsageLimit(bad, "perCustomerLimit", in.PerCustomerLimit)
	in.StartsAt, in.EndsAt = utc(in.StartsAt), utc(in.EndsAt)
	if in.StartsAt != nil && in.EndsAt != nil && !in.EndsAt.After(*in.StartsAt) {
		bad["endsAt"] = "must be after startsAt"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}
