package domain

import (
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// DiscountKind says how a code takes money off.
type DiscountKind string

// Discount kinds: a percentage of the subtotal, or a fixed amount in cents.
const (
	DiscountPercent DiscountKind = "PERCENT"
	DiscountFixed   DiscountKind = "FIXED"
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
func (d Discount) Off(subtotal int64) int64 {
	var off int64
	switch d.Kind {
	case DiscountPercent:
		off = subtotal * d.Amount / 100
	case DiscountFixed:
		off = d.Amount
	}
	return max(0, min(off, subtotal))
}

// NormalizeCodeName makes codes case-insensitive.
func NormalizeCodeName(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Lengths a code may have.
const (
	MinCodeLen = 3
	MaxCodeLen = 32
)

// MaxUsageLimit bounds how many times one code may be used.
const MaxUsageLimit = 1_000_000

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
	switch in.Kind {
	case DiscountPercent:
		if in.Amount < 1 || in.Amount > 100 {
			bad["amount"] = "a percentage must be from 1 to 100"
		}
	case DiscountFixed:
		if in.Amount < 1 || in.Amount > MaxPriceCents {
			bad["amount"] = "a fixed discount must be from 1 to 1000000 cents"
		}
	default:
		bad["kind"] = "must be PERCENT or FIXED"
	}
	// Bounded so it fits the INTEGER column on PostgreSQL (a larger one was a 500).
	if in.UsageLimit < 0 || in.UsageLimit > MaxUsageLimit {
		bad["usageLimit"] = "must be from 0 (unlimited) to 1000000"
	}
	if in.ExpiresAt != nil {
		u := in.ExpiresAt.UTC()
		in.ExpiresAt = &u
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}
