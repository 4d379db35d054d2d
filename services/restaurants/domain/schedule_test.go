package domain

import (
	"testing"
	"time"
)

func TestOpenStateAndPickupChoices(t *testing.T) {
	// Tuesday 11:00–23:00; Friday 11:00 until 02:00 Saturday.
	h := Hours{{Day: time.Tuesday, Open: 660, Close: 1380}, {Day: time.Friday, Open: 660, Close: 120}}
	at := func(d, hh, mm int) time.Time { return time.Date(2026, 12, d, hh, mm, 0, 0, Chicago) } // Dec 1 2026 is a Tuesday

	st := h.StateAt(at(1, 19, 0))
	if !st.Open || !st.ClosesAt.Equal(at(1, 23, 0)) {
		t.Fatalf("Tuesday evening: %+v", st)
	}
	st = h.StateAt(at(1, 23, 30))
	if st.Open || !st.OpensAt.Equal(at(4, 11, 0)) {
		t.Fatalf("Tuesday night: %+v", st)
	}
	if st := h.StateAt(at(5, 1, 0)); !st.Open || !st.ClosesAt.Equal(at(5, 2, 0)) {
		t.Fatalf("past midnight on Friday's span: %+v", st)
	}

	asap, slots := h.PickupChoices(at(1, 19, 2), 20*time.Minute)
	if !asap || len(slots) == 0 || !slots[0].Equal(at(1, 19, 30)) {
		t.Fatalf("first slot %v (asap %v)", slots, asap)
	}
	for _, s := range slots {
		if err := h.CheckPickup(s, at(1, 19, 2)); err != nil {
			t.Fatalf("offered %v, refused: %v", s, err)
		}
		if s.In(Chicago).Minute()%15 != 0 {
			t.Fatalf("slot %v is not a quarter hour", s)
		}
	}
	// Twenty minutes before closing, ASAP would be too late, and nothing opens
	// again within two days.
	asap, slots = h.PickupChoices(at(1, 22, 45), 20*time.Minute)
	if asap || len(slots) != 0 {
		t.Fatalf("too late tonight: asap %v, %d slots within two days", asap, len(slots))
	}
}
