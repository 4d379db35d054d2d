package domain

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // America/Chicago even on a machine without a zone database

	ics "github.com/arran4/golang-ical"

	"stepperslife/internal/kit/errs"
)

// DayLayout is how a calendar day is written on the wire and in storage.
const DayLayout = "2006-01-02"

// Limits on booked days.
const (
	// BookedHorizonDays: how far ahead a provider may mark days; an import ignores
	// what lies beyond.
	BookedHorizonDays = 2 * 366
	// MaxCalendarBytes bounds an uploaded .ics file.
	MaxCalendarBytes = 1 << 20
	// MaxImportedDays bounds the days one import may mark.
	MaxImportedDays = BookedHorizonDays
	// maxEventDays: one event longer than this is a calendar's "away" block, not a
	// booking; only its first days count.
	maxEventDays = 31
)

// Sources of a booked day.
const (
	BookedByHand   = "MANUAL"
	BookedFromFile = "ICS"
)

// chicago is the directory's local time: a timed event books the Chicago days it covers.
var chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.UTC
}()

// BookedDay is a calendar day a provider is not free.
type BookedDay struct {
	Day    time.Time // midnight UTC of the day
	Source string    // BookedByHand or BookedFromFile
}

// Key is the day as stored and sent: YYYY-MM-DD.
func (b BookedDay) Key() string { return b.Day.Format(DayLayout) }

// ParseDay reads a YYYY-MM-DD day as midnight UTC.
func ParseDay(s string) (time.Time, error) {
	d, err := time.Parse(DayLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, errs.Invalid(map[string]string{"date": "must be a day written YYYY-MM-DD"})
	}
	return d, nil
}

// Today is now's Chicago calendar day, as midnight UTC.
func Today(now time.Time) time.Time {
	l := now.In(chicago)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// CheckBookable checks a day a provider marks by hand: from today (Chicago) to the
// horizon.
func CheckBookable(day, now time.Time) error {
	today := Today(now)
	if day.Before(today) {
		return errs.Invalid(map[string]string{"date": "must not be in the past"})
	}
	if day.After(today.AddDate(0, 0, BookedHorizonDays)) {
		return errs.Invalid(map[string]string{"date": "must be within two years"})
	}
	return nil
}

// ParseCalendar reads an iCalendar file and returns the days its busy events cover,
// from today to the horizon, each once, in order. Events marked free (TRANSP:
// TRANSPARENT) or cancelled book nothing; all-day events book their dates; timed ones
// the Chicago days they touch (an end at midnight does not book the next day).
func ParseCalendar(data []byte, now time.Time) ([]time.Time, error) {
	if len(data) > MaxCalendarBytes {
		return nil, errs.Errorf(errs.CodePayloadTooLarge, "A calendar file may be at most 1 MB.")
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil || !bytes.Contains(bytes.ToUpper(data), []byte("BEGIN:VCALENDAR")) {
		return nil, errs.Invalid(map[string]string{"calendar": "is not an iCalendar (.ics) file"})
	}
	today := Today(now)
	horizon := today.AddDate(0, 0, BookedHorizonDays)
	seen := map[time.Time]bool{}
	var days []time.Time
	for _, ev := range cal.Events() {
		if !busy(ev) {
			continue
		}
		first, last, err := eventDays(ev)
		if err != nil {
			return nil, errs.Invalid(map[string]string{"calendar": "has an event whose dates cannot be read: " + err.Error()})
		}
		if last.Sub(first) > maxEventDays*24*time.Hour {
			last = first.AddDate(0, 0, maxEventDays-1)
		}
		for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
			if d.Before(today) || d.After(horizon) || seen[d] {
				continue
			}
			if len(days) == MaxImportedDays {
				return nil, errs.Invalid(map[string]string{"calendar": fmt.Sprintf("marks more than %d days", MaxImportedDays)})
			}
			seen[d] = true
			days = append(days, d)
		}
	}
	slices.SortFunc(days, time.Time.Compare)
	return days, nil
}

func busy(ev *ics.VEvent) bool {
	prop := func(p ics.ComponentProperty) string {
		if v := ev.GetProperty(p); v != nil {
			return strings.ToUpper(strings.TrimSpace(v.Value))
		}
		return ""
	}
	return prop(ics.ComponentPropertyTransp) != string(ics.TransparencyTransparent) &&
		prop(ics.ComponentPropertyStatus) != "CANCELLED"
}

// eventDays is the first and last day an event books.
func eventDays(ev *ics.VEvent) (first, last time.Time, err error) {
	start := ev.GetProperty(ics.ComponentPropertyDtStart)
	if start == nil {
		return first, last, errors.New("no start")
	}
	if allDay(start) {
		s, err := ev.GetAllDayStartAt()
		if err != nil {
			return first, last, err
		}
		first = dayOf(s)
		last = first
		if ev.GetProperty(ics.ComponentPropertyDtEnd) != nil {
			e, err := ev.GetAllDayEndAt()
			if err != nil {
				return first, last, err
			}
			if end := dayOf(e); end.After(first) { // DTEND of a date is exclusive
				last = end.AddDate(0, 0, -1)
			}
		}
		return first, last, nil
	}
	s, err := ev.GetStartAt()
	if err != nil {
		return first, last, err
	}
	s = local(start, s)
	e := s
	if end := ev.GetProperty(ics.ComponentPropertyDtEnd); end != nil {
		if t, err := ev.GetEndAt(); err == nil && t.After(s) {
			e = local(end, t).Add(-time.Nanosecond) // an end at midnight stays on the day before
		}
	}
	return chicagoDay(s), chicagoDay(e), nil
}

// allDay tells a date value (VALUE=DATE, or eight digits) from a date-time.
func allDay(p *ics.IANAProperty) bool {
	if v, ok := p.ICalParameters[string(ics.ParameterValue)]; ok && len(v) == 1 && strings.EqualFold(v[0], "DATE") {
		return true
	}
	return len(strings.TrimSpace(p.Value)) == 8
}

// local reads a floating time (no zone, no Z) as Chicago's wall clock, where the
// library would read it in the machine's zone.
func local(p *ics.IANAProperty, t time.Time) time.Time {
	if _, zoned := p.ICalParameters["TZID"]; zoned || strings.HasSuffix(strings.ToUpper(p.Value), "Z") {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, chicago)
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func chicagoDay(t time.Time) time.Time { return dayOf(t.In(chicago)) }

// DayWords writes a calendar day as people read it ("Sat, Jun 13, 2026"), without
// moving it through a time zone as instants are.
func DayWords(day time.Time) string { return day.Format("Mon, Jan 2, 2006") }

// Words is the day as people read it.
func (b BookedDay) Words() string { return DayWords(b.Day) }
