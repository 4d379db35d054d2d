package domain

import (
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// Limits on what a tier may say.
const (
	MaxCapacity        = 100000
	MaxPriceCents      = 10_000_00 // $10,000
	DefaultMaxPerOrder = 10
	MaxPerOrderLimit   = 50
)

// Tier is one kind of ticket of an event. Sold counts every seat taken, held or
// paid, so Left is what a buyer can still get.
type Tier struct {
	ID          string
	EventID     string
	Name        string
	PriceCents  int64
	Capacity    int
	Sold        int
	SalesStart  *time.Time
	SalesEnd    *time.Time
	MaxPerOrder int
	CreatedAt   time.Time
}

// Left is how many seats are still for sale.
func (t Tier) Left() int { return max(0, t.Capacity-t.Sold) }

// OnSale reports whether the tier's sales window is open at now.
func (t Tier) OnSale(now time.Time) bool {
	if t.SalesStart != nil && now.Before(*t.SalesStart) {
		return false
	}
	if t.SalesEnd != nil && !now.Before(*t.SalesEnd) {
		return false
	}
	return true
}

// TierInput is what an organizer writes about a tier.
type TierInput struct {
	Name        string
	PriceCents  int64
	Capacity    int
	SalesStart  *time.Time
	SalesEnd    *time.Time
	MaxPerOrder int
}

// Normalize trims and checks the input; MaxPerOrder defaults to 10.
func (in *TierInput) Normalize() error {
	in.Name = strings.TrimSpace(in.Name)
	bad := map[string]string{}
	switch {
	case in.Name == "":
		bad["name"] = "is required"
	case len(in.Name) > 100:
		bad["name"] = "must be at most 100 characters"
	}
	if in.PriceCents < 0 || in.PriceCents > MaxPriceCents {
		bad["priceCents"] = "must be from 0 to 1000000"
	}
	if in.Capacity < 1 || in.Capacity > MaxCapacity {
		bad["capacity"] = "must be from 1 to 100000"
	}
	if in.MaxPerOrder == 0 {
		in.MaxPerOrder = DefaultMaxPerOrder
	}
	if in.MaxPerOrder < 1 || in.MaxPerOrder > MaxPerOrderLimit {
		bad["maxPerOrder"] = "must be from 1 to 50"
	}
	if in.SalesStart != nil {
		u := in.SalesStart.UTC()
		in.SalesStart = &u
	}
	if in.SalesEnd != nil {
		u := in.SalesEnd.UTC()
		in.SalesEnd = &u
	}
	if in.SalesStart != nil && in.SalesEnd != nil && !in.SalesEnd.After(*in.SalesStart) {
		bad["salesEnd"] = "must be after salesStart"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}
