package domain

import (
	"errors"
	"strconv"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/holds"
)

// Storage outcomes the use cases react to. The store returns them (wrapped with the
// operation that met them) and the use cases turn them into answers.
var (
	// ErrNotFound: the row the operation needs does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: a row with the same unique key (a SKU of the vendor, a code)
	// already exists.
	ErrDuplicate = errors.New("already exists")
	// ErrChanged: a conditional update found its row no longer in the state it was
	// read in, because someone changed it meanwhile.
	ErrChanged = errors.New("changed meanwhile")
	// ErrDiscountUsedUp: a discount code had no use left for the order (overall or
	// for this customer), or its dates had passed, when the order tried to take it.
	ErrDiscountUsedUp = errors.New("discount code used up")
)

// Shortage is one variant an order asked more of than is left.
type Shortage struct {
	VariantID string `json:"variantId"`
	Available int    `json:"available"`
}

// InsufficientError says some variants had too few units left for a checkout; the
// store reports every short variant, with what was left when it looked.
type InsufficientError struct{ Short []Shortage }

func (e *InsufficientError) Error() string {
	return "insufficient inventory for " + strconv.Itoa(len(e.Short)) + " variants"
}

// Insufficient is the contract's answer when variants have too few units left:
// 409 INSUFFICIENT_INVENTORY with details.variants[{variantId, available}].
func Insufficient(short []Shortage) *errs.Error {
	msg := "Not enough left in stock for your cart; fewer are available now."
	if len(short) == 1 && short[0].Available == 0 {
		msg = "This item just sold out."
	}
	return errs.Errorf(errs.CodeInsufficientStock, msg).With(map[string]any{"variants": short})
}

// HoldLimitError says a buyer's unpaid orders at a vendor left no room for another
// under the hold limit. Held is what the buyer held when the order was refused.
type HoldLimitError struct {
	VendorID string
	Held     holds.Held
}

func (e *HoldLimitError) Error() string {
	return "hold limit at vendor " + e.VendorID + ": the buyer holds " + strconv.Itoa(e.Held.Orders) +
		" unpaid orders of " + strconv.Itoa(e.Held.Units) + " items"
}

// SKUTakenError says a SKU is already used by another variant of the vendor.
type SKUTakenError struct{ SKU string }

func (e *SKUTakenError) Error() string { return "SKU " + strconv.Quote(e.SKU) + " already used" }

// Unwrap makes the error match ErrDuplicate.
func (e *SKUTakenError) Unwrap() error { return ErrDuplicate }
