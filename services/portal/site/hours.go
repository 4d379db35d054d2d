package site

import (
	"strings"
	"time"

	"stepperslife/internal/api/restaurantsapi"
)

// What a customer reads about a restaurant's hours: "Open now · closes 11 PM",
// "Closed · opens tomorrow 11 AM", and the week's hours day by day.

// openNote is the one line a restaurant card and page lead with, and whether it
// reads as good news (open and taking orders).
func openNote(rs restaurantsapi.Restaurant, now time.Time) (string, bool) {
	switch {
	case rs.OrderingPaused && rs.OpenNow:
		return "Open · not taking online orders right now", false
	case rs.OpenNow && rs.ClosesAt != nil:
		return "Open now · closes " + clock(*rs.ClosesAt), true
	case rs.OpenNow:
		return "Open now", true
	case rs.OpensAt != nil:
		return "Closed · opens " + dayAndClock(*rs.OpensAt, now), false
	case len(rs.Hours) == 0 && rs.ClosesAt == nil:
		return "", false
	}
	return "Closed", false
}

// clock writes a time of day the way people say it: "11 PM", "7:30 PM".
func clock(t time.Time) string {
	l := t.In(chicago)
	if l.Minute() == 0 {
		return l.Format("3 PM")
	}
	return l.Format("3:04 PM")
}

// dayAndClock is "7:30 PM" today, "tomorrow 11 AM", else "Tue 11 AM".
func dayAndClock(t, now time.Time) string {
	switch dayDiff(now, t) {
	case 0:
		return clock(t)
	case 1:
		return "tomorrow " + clock(t)
	}
	return t.In(chicago).Format("Mon") + " " + clock(t)
}

// dayDiff counts the Chicago calendar days from a to b.
func dayDiff(a, b time.Time) int {
	la, lb := a.In(chicago), b.In(chicago)
	da := time.Date(la.Year(), la.Month(), la.Day(), 12, 0, 0, 0, time.UTC)
	db := time.Date(lb.Year(), lb.Month(), lb.Day(), 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

type hoursRow struct {
	Day, Text string
	Today     bool
}

var weekOrder = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// hoursTable is the week's hours, Monday first, one row a day ("Closed" when shut).
func hoursTable(spans []restaurantsapi.Span, now time.Time) []hoursRow {
	if len(spans) == 0 {
		return nil
	}
	today := strings.ToLower(now.In(chicago).Weekday().String())
	var out []hoursRow
	for _, d := range weekOrder {
		var parts []string
		for _, s := range spans {
			if s.Day == d {
				parts = append(parts, spanClock(s.Open)+" – "+spanClock(s.Close))
			}
		}
		text := "Closed"
		if len(parts) > 0 {
			text = strings.Join(parts, ", ")
		}
		out = append(out, hoursRow{Day: strings.ToUpper(d[:1]) + d[1:], Text: text, Today: d == today})
	}
	return out
}

// spanClock writes "22:00" as "10 PM" and "24:00" as "midnight".
func spanClock(hhmm string) string {
	if hhmm == "24:00" || hhmm == "00:00" {
		return "midnight"
	}
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return hhmm
	}
	if t.Minute() == 0 {
		return t.Format("3 PM")
	}
	return t.Format("3:04 PM")
}

type slotGroup struct {
	Label string
	Slots []slotOption
}

type slotOption struct{ Value, Label string }

// slotGroups are the pickup times the service offers, by day: "Today", "Tomorrow",
// "Wed, Dec 3".
func slotGroups(slots []time.Time, now time.Time) []slotGroup {
	var out []slotGroup
	for _, t := range slots {
		label := t.In(chicago).Format("Mon, Jan 2")
		switch dayDiff(now, t) {
		case 0:
			label = "Today"
		case 1:
			label = "Tomorrow"
		}
		if n := len(out); n == 0 || out[n-1].Label != label {
			out = append(out, slotGroup{Label: label})
		}
		out[len(out)-1].Slots = append(out[len(out)-1].Slots, slotOption{Value: t.UTC().Format(time.RFC3339), Label: clock(t)})
	}
	return out
}
