// Package holds is the rule that keeps one buyer from holding what others came to
// buy. An unpaid order (cash at the door, a card checkout left open) keeps seats or
// stock off sale until it is paid or its hold lapses; without a bound, one account
// can take a whole event off sale with a few orders it never means to pay, again
// and again. A Limit bounds how many unpaid orders, and how many units in them, one
// buyer may hold at once in one place (an event, a vendor, a class).
//
// The store applies the rule in the transaction that places the order, after
// reading what the buyer holds under a lock that serialises that buyer's orders,
// so parallel requests cannot all pass on the same count.
package holds

import (
	"fmt"
	"math"
	"time"

	"stepperslife/internal/kit/errs"
)

// Limit is how much one buyer may hold unpaid at once in one place. A zero field
// sets no bound.
type Limit struct {
	Orders int    // unpaid orders
	Units  int    // units (tickets, items, seats) in those orders
	Unit   string // what a unit is, plural, for messages: "tickets"
	Place  string // where, for messages: "this event"
}

// Held is what one buyer holds unpaid in one place now.
type Held struct {
	Orders int
	Units  int
	// Until is when the first of the holds lapses (zero when nothing is held).
	Until time.Time
}

// Unbounded reports whether l bounds nothing.
func (l Limit) Unbounded() bool { return l.Orders <= 0 && l.Units <= 0 }

// Allows reports whether a buyer holding h may place one more unpaid order of units.
func (l Limit) Allows(h Held, units int) bool {
	if l.Orders > 0 && h.Orders+1 > l.Orders {
		return false
	}
	return l.Units <= 0 || h.Units+units <= l.Units
}

// Refusal is the answer to a buyer holding h who asked for one more unpaid order of
// units at now, or nil when l allows it. It is CONFLICT, not RATE_LIMITED: what
// stands in the way is the buyer's own unpaid orders, which paying ends at once;
// waiting helps only because holds lapse, and a client that retried on a timer
// would only hold the seats again.
func (l Limit) Refusal(h Held, units int, now time.Time) *errs.Error {
	if l.Allows(h, units) {
		return nil
	}
	unit, place := or(l.Unit, "items"), or(l.Place, "here")
	wait := ""
	if !h.Until.IsZero() && h.Until.After(now) {
		wait = fmt.Sprintf(" (the first hold ends in %d minutes)", int(math.Ceil(h.Until.Sub(now).Minutes())))
	}
	var msg string
	switch {
	case h.Orders == 0:
		msg = fmt.Sprintf("You can hold at most %d unpaid %s for %s at once; please choose fewer.", l.Units, unit, place)
	case l.Orders > 0 && h.Orders+1 > l.Orders:
		msg = fmt.Sprintf("You already have %d unpaid %s for %s. Pay for them, or wait for their hold to end%s, before reserving more.",
			h.Orders, plural(h.Orders, "order", "orders"), place, wait)
	default:
		msg = fmt.Sprintf("You can hold at most %d unpaid %s for %s at once and already hold %d. Pay for them, or wait for their hold to end%s, before reserving more.",
			l.Units, unit, place, h.Units, wait)
	}
	details := map[string]any{"heldOrders": h.Orders, "heldUnits": h.Units, "maxOrders": l.Orders, "maxUnits": l.Units}
	if !h.Until.IsZero() {
		details["holdEndsAt"] = h.Until.UTC()
	}
	return errs.Errorf(errs.CodeConflict, msg).With(details)
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
