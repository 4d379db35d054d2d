package domain

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// Chicago is the zone every restaurant's hours are written in.
var Chicago = func() *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic("restaurants: the America/Chicago zone is missing: " + err.Error())
	}
	return loc
}()

// Span is one opening on one weekday, in minutes after local midnight. A span whose
// Close is at or before its Open runs past midnight into the next day.
type Span struct {
	Day   time.Weekday
	Open  int
	Close int
}

// Hours are a restaurant's weekly opening times.
type Hours []Span

// ParseClock reads "HH:MM" (00:00 to 24:00) as minutes after midnight.
func ParseClock(s string) (int, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("must look like 09:30")
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("must be a time from 00:00 to 24:00")
	}
	return h*60 + m, nil
}

// FormatClock writes minutes after midnight as "HH:MM".
func FormatClock(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }

// ParseDay reads a weekday name ("monday", "Mon") case-insensitively.
func ParseDay(s string) (time.Weekday, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if s == name || (len(s) == 3 && strings.HasPrefix(name, s)) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("must be a weekday such as monday")
}

// Validate checks each span and that no two spans of a day overlap.
func (h Hours) Validate() error {
	bad := map[string]string{}
	if len(h) > 28 {
		bad["hours"] = "has too many openings (at most 4 a day)"
	}
	for i, s := range h {
		if s.Open < 0 || s.Open >= 24*60 || s.Close < 0 || s.Close > 24*60 {
			bad[fmt.Sprintf("hours[%d]", i)] = "open and close must be times of day"
		}
		if s.Open == s.Close {
			bad[fmt.Sprintf("hours[%d]", i)] = "open and close must differ"
		}
	}
	sorted := h.Sorted()
	for i := 1; i < len(sorted); i++ {
		a, b := sorted[i-1], sorted[i]
		if a.Day == b.Day && a.Close > a.Open && b.Open < a.Close {
			bad["hours"] = fmt.Sprintf("openings on %s overlap", a.Day)
		}
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// Sorted returns the spans by day and opening time.
func (h Hours) Sorted() Hours {
	out := append(Hours(nil), h...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Open < out[j].Open
	})
	return out
}

// OpenAt reports whether the restaurant is open at t, read in Chicago time.
func (h Hours) OpenAt(t time.Time) bool {
	local := t.In(Chicago)
	minute := local.Hour()*60 + local.Minute()
	day := local.Weekday()
	yesterday := (day + 6) % 7
	for _, s := range h {
		overnight := s.Close <= s.Open
		switch {
		case s.Day == day && !overnight && minute >= s.Open && minute < s.Close:
			return true
		case s.Day == day && overnight && minute >= s.Open:
			return true
		case s.Day == yesterday && overnight && minute < s.Close:
			return true
		}
	}
	return false
}

// Pickup windows: far enough ahead to cook, near enough to plan.
const (
	MinLeadTime    = 10 * time.Minute
	MaxAdvance     = 7 * 24 * time.Hour
	clockTolerance = time.Minute
)

// CheckPickup refuses a pickup time in the past, too soon to cook, too far ahead or
// outside the hours.
func (h Hours) CheckPickup(pickup, now time.Time) error {
	switch {
	case pickup.Before(now.Add(-clockTolerance)):
		return errs.Invalid(map[string]string{"pickupTime": "is in the past"})
	case pickup.Before(now.Add(MinLeadTime - clockTolerance)):
		return errs.Invalid(map[string]string{"pickupTime": "must be at least 10 minutes from now, for the kitchen to cook"})
	case pickup.After(now.Add(MaxAdvance)):
		return errs.Invalid(map[string]string{"pickupTime": "may be at most 7 days ahead"})
	case !h.OpenAt(pickup):
		return errs.Invalid(map[string]string{"pickupTime": "is outside the restaurant's opening hours (" +
			pickup.In(Chicago).Format("Mon 3:04 PM") + " Chicago time)"})
	}
	return nil
}
