package demo

import (
	"strings"
	"testing"
	"time"

	"stepperslife/services/events/domain"
)

// Every demo event falls on its weekday in Chicago, whatever day and hour the demo
// is loaded, across a change of daylight saving time: a "Wednesday Social" is on a
// Wednesday, and nothing starts in the past.
func TestSeasonFallsOnItsWeekdays(t *testing.T) {
	first := time.Date(2026, 10, 26, 0, 30, 0, 0, domain.Chicago) // DST ends Nov 1
	for now := first; now.Before(first.AddDate(0, 0, 15)); now = now.Add(97 * time.Minute) {
		for _, s := range season {
			start := s.startOf(now)
			local := start.In(domain.Chicago)
			if local.Weekday() != s.day || local.Hour() != s.hour || local.Minute() != 0 {
				t.Fatalf("loaded %s: %q starts %s", now.Format(time.RFC1123), s.title, local.Format(time.RFC1123))
			}
			for d := time.Sunday; d <= time.Saturday; d++ {
				if strings.Contains(s.title, d.String()) && d != local.Weekday() {
					t.Fatalf("%q starts on a %s", s.title, local.Weekday())
				}
			}
			if !start.After(now) || start.Sub(now) > time.Duration(s.weeks+1)*7*24*time.Hour+time.Hour { // an hour more across DST
				t.Fatalf("loaded %s: %q starts %s", now.Format(time.RFC1123), s.title, local.Format(time.RFC1123))
			}
		}
	}
}

// Loaded on a Wednesday morning, the Wednesday social is that evening, and the
// weekend's sets are that weekend.
func TestSeasonSeenFromAWednesday(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, domain.Chicago)
	want := map[string]string{
		"Westside Wednesday Social": "Wed Dec 2 19:00",
		"Friday Night Steppers Set": "Fri Dec 4 21:00",
		"Sunday Smooth Set":         "Sun Dec 6 17:00",
		"Chi-Town Steppers Ball":    "Sat Dec 19 20:00",
	}
	for _, s := range season {
		if w, ok := want[s.title]; ok {
			if got := s.startOf(now).In(domain.Chicago).Format("Mon Jan 2 15:04"); got != w {
				t.Errorf("%s: %s, want %s", s.title, got, w)
			}
		}
	}
}
