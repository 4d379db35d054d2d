package domain

import (
	"sort"
	"time"
)

// Interval is one stretch of time a restaurant is open, [Start, End).
type Interval struct{ Start, End time.Time }

// Intervals are the openings that overlap [from, to), merged where one runs into
// the next (an overnight span meeting the next day's), earliest first.
func (h Hours) Intervals(from, to time.Time) []Interval {
	var all []Interval
	start := from.In(Chicago)
	// A span of the day before may still run past midnight into from's day.
	for d := -1; ; d++ {
		day := time.Date(start.Year(), start.Month(), start.Day()+d, 0, 0, 0, 0, Chicago)
		if !day.Before(to) {
			break
		}
		for _, s := range h {
			if s.Day != day.Weekday() {
				continue
			}
			length := s.Close - s.Open
			if length <= 0 {
				length += 24 * 60
			}
			// time.Date normalises minutes, so a DST day still lands on the wall clock.
			open := time.Date(day.Year(), day.Month(), day.Day(), 0, s.Open, 0, 0, Chicago)
			close := time.Date(day.Year(), day.Month(), day.Day(), 0, s.Open+length, 0, 0, Chicago)
			if close.After(from) && open.Before(to) {
				all = append(all, Interval{open, close})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Start.Before(all[j].Start) })
	var out []Interval
	for _, iv := range all {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

// OpenState is what a customer reads about a restaurant's hours at one moment:
// open now and until when, or closed and when it next opens.
type OpenState struct {
	Open     bool
	ClosesAt time.Time // when Open
	OpensAt  time.Time // when closed; zero when it opens no time in the next week
}

// StateAt says whether the restaurant is open at now, and until when or from when.
func (h Hours) StateAt(now time.Time) OpenState {
	for _, iv := range h.Intervals(now, now.Add(8*24*time.Hour)) {
		if !now.Before(iv.Start) && now.Before(iv.End) {
			return OpenState{Open: true, ClosesAt: iv.End.UTC()}
		}
		if iv.Start.After(now) {
			return OpenState{OpensAt: iv.Start.UTC()}
		}
	}
	return OpenState{}
}

// Pickup choices the customer is offered.
const (
	SlotStep    = 15 * time.Minute
	SlotHorizon = 2 * 24 * time.Hour // today and the next two days' worth
	MaxSlots    = 96
)

// PickupChoices are the times a customer may pick up an order placed at now, when
// the kitchen needs prep to cook it: ASAP (now + prep) when the restaurant is open
// then, and the quarter hours within the hours from then on. Each passes CheckPickup.
func (h Hours) PickupChoices(now time.Time, prep time.Duration) (asap bool, slots []time.Time) {
	if prep < MinLeadTime {
		prep = MinLeadTime
	}
	earliest := now.Add(prep)
	asap = h.OpenAt(earliest)
	for _, iv := range h.Intervals(earliest, now.Add(SlotHorizon)) {
		t := iv.Start
		if t.Before(earliest) {
			t = earliest
		}
		t = ceilTo(t, SlotStep)
		for ; t.Before(iv.End) && len(slots) < MaxSlots; t = t.Add(SlotStep) {
			if h.OpenAt(t) && !t.After(now.Add(MaxAdvance)) {
				slots = append(slots, t.UTC())
			}
		}
	}
	return asap, slots
}

// ceilTo rounds t up to the next multiple of step on Chicago's wall clock.
func ceilTo(t time.Time, step time.Duration) time.Time {
	local := t.In(Chicago)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, Chicago)
	since := local.Sub(midnight)
	if r := since % step; r != 0 {
		since += step - r
	}
	return midnight.Add(since)
}
