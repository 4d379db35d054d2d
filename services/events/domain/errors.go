package domain

import (
	"errors"
	"strconv"

	"stepperslife/internal/kit/holds"
)

// Storage outcomes the use cases react to. The store returns them (wrapped with the
// operation that failed) and the use cases turn them into answers; they carry no
// contract code themselves.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
	// ErrTierClosed: a purchase reached a tier that was closed meanwhile.
	ErrTierClosed = errors.New("tier closed")
	// ErrDiscountUsedUp: a discount code had no use left (or had expired) when the
	// order tried to take one.
	ErrDiscountUsedUp = errors.New("discount code used up")
	// ErrWrongState: a conditional change found its row in another state; the row
	// returned with it tells which.
	ErrWrongState = errors.New("not in the state the change needs")
	// ErrContended: a row kept changing under a change, which gave up retrying.
	ErrContended = errors.New("changed concurrently")
)

// SoldOutError says a tier had too few seats left for an order. Tier holds the seats
// sold as read when the order was refused.
type SoldOutError struct{ Tier Tier }

func (e *SoldOutError) Error() string {
	return "sold out: tier " + e.Tier.ID + " has not enough seats left"
}

// HoldLimitError says a buyer's unpaid orders at an event left no room for another
// under the hold limit. Held is what the buyer held when the order was refused.
type HoldLimitError struct{ Held holds.Held }

func (e *HoldLimitError) Error() string {
	return "hold limit: the buyer holds " + strconv.Itoa(e.Held.Orders) + " unpaid orders of " +
		strconv.Itoa(e.Held.Units) + " tickets"
}
