package payments

// PercentFee is basisPoints/10000 of totalCents (5% = 500), rounded half up, never
// negative and never more than the total.
func PercentFee(totalCents, basisPoints int64) int64 {
	if totalCents <= 0 || basisPoints <= 0 {
		return 0
	}
	if basisPoints >= 10000 {
		return totalCents
	}
	// Split the total so the product cannot overflow for any realistic amount.
	q, r := totalCents/10000, totalCents%10000
	return q*basisPoints + (r*basisPoints+5000)/10000
}

// PerUnitFee is centsPerUnit for each unit (e.g. a fixed fee per ticket), never
// negative.
func PerUnitFee(units, centsPerUnit int64) int64 {
	if units <= 0 || centsPerUnit <= 0 {
		return 0
	}
	return units * centsPerUnit
}

// CapFee keeps a fee between 0 and the total, for fees built from several parts.
func CapFee(feeCents, totalCents int64) int64 {
	return max(0, min(feeCents, totalCents))
}
