// Package discount holds the rules every discount code on the platform keeps, where
// an organizer, vendor or instructor hands codes out: the kinds of code, what one
// takes off, the checks on what its owner writes, and the limits that make guessing
// codes slow.
package discount

import (
	"strconv"
	"strings"
)

// Kind says how a code takes money off.
type Kind string

// Kinds: a percentage of the subtotal, or a fixed amount in cents.
const (
	Percent Kind = "PERCENT"
	Fixed   Kind = "FIXED"
)

// Lengths a code may have, and how often one may be used at most (bounded so it
// fits an INTEGER column on PostgreSQL).
const (
	MinCodeLen    = 3
	MaxCodeLen    = 32
	MaxUsageLimit = 1_000_000
)

// NormalizeCode makes codes case-insensitive: what a buyer types matches what the
// owner wrote whatever the case and surrounding space.
func NormalizeCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Off is how many cents a code of kind and amount (a percentage or cents) takes off
// subtotal: never more than capCents (0 sets no cap) nor than subtotal, never less
// than nothing. Percentages round down, so the seller is never short by a rounding.
func Off(kind Kind, amount, capCents, subtotal int64) int64 {
	var off int64
	switch kind {
	case Percent:
		off = subtotal * amount / 100
	case Fixed:
		off = amount
	}
	if capCents > 0 {
		off = min(off, capCents)
	}
	return max(0, min(off, subtotal))
}

// CheckAmount names in bad what is wrong with a code's kind and amount: a
// percentage from 1 to 100, or a fixed amount from 1 cent to maxFixedCents.
func CheckAmount(bad map[string]string, kind Kind, amount, maxFixedCents int64) {
	switch kind {
	case Percent:
		if amount < 1 || amount > 100 {
			bad["amount"] = "a percentage must be from 1 to 100"
		}
	case Fixed:
		if amount < 1 || amount > maxFixedCents {
			bad["amount"] = "a fixed discount must be from 1 to " + strconv.FormatInt(maxFixedCents, 10) + " cents"
		}
	default:
		bad["kind"] = "must be PERCENT or FIXED"
	}
}

// CheckUsageLimit names field in bad when n is not from 0 (unlimited) to
// MaxUsageLimit.
func CheckUsageLimit(bad map[string]string, field string, n int) {
	if n < 0 || n > MaxUsageLimit {
		bad[field] = "must be from 0 (unlimited) to 1000000"
	}
}
