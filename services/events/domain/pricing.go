package domain

import (
	"fmt"
	"time"

	"stepperslife/internal/kit/errs"
)

// PlatformFeePerTicketCents is the platform's fee per ticket on card sales ($1.50).
const PlatformFeePerTicketCents = 150

// Limits on one whole order, whatever its tiers allow: a request is refused before
// it costs more than reading it.
const (
	// MaxTicketsPerOrder bounds the tickets of one order.
	MaxTicketsPerOrder = 50
	// MaxLinesPerOrder bounds the lines of one order; each tier appears once, and no
	// event sells this many kinds of ticket at once.
	MaxLinesPerOrder = 20
	// MaxOrderCents bounds what one order may come to ($50,000), far above any
	// night out and far below what could overflow or trip a card processor.
	MaxOrderCents = 50_000_00
)

// Item is one line a buyer asks for.
type Item struct {
	TierID   string
	Quantity int
}

// Line is one priced line of a quote.
type Line struct {
	Tier      Tier
	Quantity  int
	UnitCents int64
}

// Quote is an order priced server-side.
type Quote struct {
	Lines         []Line
	Tickets       int
	SubtotalCents int64
	DiscountCents int64
	TotalCents    int64
	FeeCents      int64
	Method        PaymentMethod
	Discount      *Discount
}

// PriceOrder checks a purchase against the event and its tiers at now and prices it:
// PriceLines, then the discount code, then Settle. It returns contract errors:
// VALIDATION_FAILED for bad requests, SOLD_OUT when a tier plainly has too few seats
// (the store re-checks atomically), CONFLICT for a closed sale or an unusable code.
func PriceOrder(ev Event, tiers map[string]Tier, items []Item, method PaymentMethod, disc *Discount, now time.Time) (Quote, error) {
	q, err := PriceLines(ev, tiers, items, method, now)
	if err != nil {
		return Quote{}, err
	}
	if disc != nil {
		if err := q.ApplyDiscount(*disc, ev.ID, now); err != nil {
			return Quote{}, err
		}
	}
	return q.Settle()
}

// PriceLines checks everything about a purchase but its discount code and how the
// total is paid, and adds up its lines. A discount code is looked at only after the
// rest of the order passed, so a refusal never tells a guesser anything about a
// code the order would not have reached.
func PriceLines(ev Event, tiers map[string]Tier, items []Item, method PaymentMethod, now time.Time) (Quote, error) {
	if ev.Status != EventPublished {
		return Quote{}, errs.Errorf(errs.CodeConflict, "This event is not on sale.")
	}
	if !now.Before(ev.EndsAt) {
		return Quote{}, errs.Errorf(errs.CodeConflict, "This event is over.")
	}
	if len(items) > MaxLinesPerOrder {
		// Refused before reading the lines: one bad field, not thousands.
		return Quote{}, errs.Invalid(map[string]string{"items": fmt.Sprintf("at most %d lines per order", MaxLinesPerOrder)})
	}
	bad := map[string]string{}
	if len(items) == 0 {
		bad["items"] = "choose at least one ticket"
	}
	switch method {
	case PayFree, PayCard, PayCash:
	default:
		bad["paymentMethod"] = "must be free, card or cash"
	}
	q := Quote{Method: method}
	seen := map[string]int{}
	for i, it := range items {
		t, ok := tiers[it.TierID]
		switch {
		case !ok || t.EventID != ev.ID:
			bad[fmt.Sprintf("items[%d].tierId", i)] = "is not a tier of this event"
			continue
		case it.Quantity < 1:
			bad[fmt.Sprintf("items[%d].quantity", i)] = "must be at least 1"
			continue
		}
		if j, dup := seen[it.TierID]; dup {
			bad[fmt.Sprintf("items[%d].tierId", i)] = fmt.Sprintf("repeats items[%d]: one line per tier", j)
			continue
		}
		seen[it.TierID] = i
		if it.Quantity > t.MaxPerOrder {
			bad[fmt.Sprintf("items[%d].quantity", i)] = fmt.Sprintf("at most %d per order", t.MaxPerOrder)
			continue
		}
		q.Lines = append(q.Lines, Line{Tier: t, Quantity: it.Quantity, UnitCents: t.PriceCents})
		q.Tickets += it.Quantity
		q.SubtotalCents += t.PriceCents * int64(it.Quantity)
	}
	switch {
	case q.Tickets > MaxTicketsPerOrder:
		bad["items"] = fmt.Sprintf("at most %d tickets per order", MaxTicketsPerOrder)
	case q.SubtotalCents > MaxOrderCents:
		bad["items"] = fmt.Sprintf("an order may come to at most $%d", MaxOrderCents/100)
	}
	if len(bad) > 0 {
		return Quote{}, errs.Invalid(bad)
	}
	for _, l := range q.Lines {
		if !l.Tier.OnSale(now) {
			return Quote{}, errs.Errorf(errs.CodeConflict, fmt.Sprintf("%s is not on sale right now.", l.Tier.Name)).
				With(map[string]any{"tierId": l.Tier.ID})
		}
		if l.Tier.Left() < l.Quantity {
			return Quote{}, SoldOut(l.Tier)
		}
	}
	return q, nil
}

// ApplyDiscount takes the code off the quote's subtotal; a code of another event, or
// one expired or used up, is ErrDiscountUnavailable like an unknown one.
func (q *Quote) ApplyDiscount(d Discount, eventID string, now time.Time) error {
	if d.EventID != eventID || !d.Usable(now) {
		return ErrDiscountUnavailable
	}
	q.Discount = &d
	q.DiscountCents = d.Off(q.SubtotalCents)
	return nil
}

// Settle totals the quote and checks that its payment method suits the total: free
// for nothing to pay, card or cash otherwise. A card order carries the platform fee.
func (q Quote) Settle() (Quote, error) {
	q.TotalCents = q.SubtotalCents - q.DiscountCents
	switch {
	case q.TotalCents == 0 && q.Method != PayFree:
		return Quote{}, errs.Invalid(map[string]string{"paymentMethod": "this order is free; use free"})
	case q.TotalCents > 0 && q.Method == PayFree:
		return Quote{}, errs.Invalid(map[string]string{"paymentMethod": "these tickets are not free; use card or cash"})
	}
	if q.Method == PayCard {
		// The fee is per paid ticket: tickets of a free tier carry none, even when a
		// card order mixes them with paid ones. It never exceeds what the buyer pays
		// (a deep discount).
		var paid int64
		for _, l := range q.Lines {
			if l.UnitCents > 0 {
				paid += int64(l.Quantity)
			}
		}
		q.FeeCents = min(paid*PlatformFeePerTicketCents, q.TotalCents)
	}
	return q, nil
}

// ErrDiscountUnavailable answers every code that cannot be used for an order:
// unknown, of another event, expired or used up. One answer for all of them, so
// the answer does not tell a guesser which codes exist.
var ErrDiscountUnavailable = errs.Errorf(errs.CodeConflict, "This discount code cannot be used for this order.")

// SoldOut is the answer when a tier has too few seats left.
func SoldOut(t Tier) *errs.Error {
	return errs.Errorf(errs.CodeSoldOut, fmt.Sprintf("Sold out: %s has not enough seats left.", t.Name)).
		With(map[string]any{"tierId": t.ID, "left": t.Left()})
}
