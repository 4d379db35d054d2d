package domain

import (
	"strings"
	"time"

	"stepperslife/internal/kit/discount"
	"stepperslife/internal/kit/errs"
)

// DiscountKind says how a code takes money off (the kit's rule for every seller).
type DiscountKind = discount.Kind

// Discount kinds: a percentage of the subtotal, or a fixed amount in cents.
const (
	DiscountPercent = discount.Percent
	DiscountFixed   = discount.Fixed
)

// Discount is a code an organizer hands out.
type Discount struct {
	ID         string
	EventID    string
	Code       string
	Kind       DiscountKind
	Amount     int64 // percent (1–100) or cents
	UsageLimit int   // 0: unlimited
	UsedCount  int
	ExpiresAt  *time.Time
	CreatedAt  time.Time
}

// Usable reports whether the code may still be redeemed at now. The store re-checks
// this atomically when it takes a use.
func (d Discount) Usable(now time.Time) bool {
	if d.ExpiresAt != nil && !now.Before(*d.ExpiresAt) {
		return false
	}
	return d.UsageLimit == 0 || d.UsedCount < d.UsageLimit
}

// Off is how many cents the code takes off subtotal, never more than subtotal.
// Percentages round down, in the buyer's disfavour by less than a cent.
func (d Discount) Off(subtotal int64) int64 { return discount.Off(d.Kind, d.Amount, 0, subtotal) }

// NormalizeCodeName makes codes case-insensitive.
func NormalizeCodeName(s string) string { return discount.NormalizeCode(s) }

// Lengths a code may have, and how often it may be used.
const (
	MinCodeLen    = discount.MinCodeLen
	MaxCodeLen    = discount.MaxCodeLen
	MaxUsageLimit = discount.MaxUsageLimit
)

// DiscountInput is what an organizer writes about a code.
type DiscountInput struct {
	Code       string
	Kind       DiscountKind
	Amount     int64
	UsageLimit int
	ExpiresAt  *time.Time
}

// Normalize checks the input.
func (in *DiscountInput) Normalize() error {
	in.Code = NormalizeCodeName(in.Code)
	in.Kind = DiscountKind(strings.ToUpper(string(in.Kind)))
	bad := map[string]string{}
	if len(in.Code) < MinCodeLen || len(in.Code) > MaxCodeLen || strings.ContainsAny(in.Code, " \t/?#") {
		bad["code"] = "must be 3 to 32 characters without spaces"
	}
	discount.CheckAmount(bad, in.Kind, in.Amount, MaxPriceCents)
	discount.CheckUsageLimit(bad, "usageLimit", in.UsageLimit)
	if in.ExpiresAt != nil {
		u := in.ExpiresAt.UTC()
		in.ExpiresAt = &u
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}
