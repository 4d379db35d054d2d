package holds

import (
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

func TestLimit(t *testing.T) {
	now := time.Date(2026, 11, 20, 20, 0, 0, 0, time.UTC)
	l := Limit{Orders: 2, Units: 10, Unit: "tickets", Place: "this event"}
	until := now.Add(25 * time.Minute)
	cases := []struct {
		held  Held
		units int
		ok    bool
		says  string
	}{
		{Held{}, 10, true, ""},
		{Held{}, 11, false, "at most 10 unpaid tickets for this event at once; please choose fewer"},
		{Held{Orders: 1, Units: 4, Until: until}, 6, true, ""},
		{Held{Orders: 1, Units: 4, Until: until}, 7, false, "already hold 4. Pay for them, or wait for their hold to end (the first hold ends in 25 minutes)"},
		{Held{Orders: 2, Units: 2, Until: until}, 1, false, "You already have 2 unpaid orders for this event"},
	}
	for _, c := range cases {
		if got := l.Allows(c.held, c.units); got != c.ok {
			t.Errorf("%+v + %d: allows %v, want %v", c.held, c.units, got, c.ok)
		}
		r := l.Refusal(c.held, c.units, now)
		if (r == nil) != c.ok {
			t.Errorf("%+v + %d: refusal %v", c.held, c.units, r)
			continue
		}
		if r != nil && (r.Code != errs.CodeConflict || !strings.Contains(r.Message, c.says) || r.Details["maxOrders"] != 2) {
			t.Errorf("%+v + %d: %v %v", c.held, c.units, r, r.Details)
		}
	}
	if !(Limit{}).Unbounded() || !(Limit{}).Allows(Held{Orders: 100, Units: 1000}, 1000) {
		t.Error("the zero Limit bounds nothing")
	}
	if (Limit{Orders: 1}).Allows(Held{Orders: 1}, 1) || !(Limit{Orders: 1}).Allows(Held{}, 500) {
		t.Error("an order-only limit")
	}
}
