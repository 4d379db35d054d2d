package domain

import (
	"errors"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

func TestParseCalendarBooksBusyDays(t *testing.T) {
	now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
	cal := strings.Join([]string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN",
		// An all-day wedding weekend: DTEND is exclusive, so the 13th and 14th.
		"BEGIN:VEVENT", "UID:a", "DTSTART;VALUE=DATE:20260613", "DTEND;VALUE=DATE:20260615", "SUMMARY:Wedding", "END:VEVENT",
		// A set from 9 pm to 2 am Chicago time books both Chicago days.
		"BEGIN:VEVENT", "UID:b", "DTSTART;TZID=America/Chicago:20260620T210000", "DTEND;TZID=America/Chicago:20260621T020000", "END:VEVENT",
		// 23:00 UTC on the 4th of July is 6 pm in Chicago; ending at Chicago midnight stays on the 4th.
		"BEGIN:VEVENT", "UID:c", "DTSTART:20260704T230000Z", "DTEND:20260705T050000Z", "END:VEVENT",
		// Free time, a cancelled booking and a past event book nothing.
		"BEGIN:VEVENT", "UID:d", "DTSTART;VALUE=DATE:20260801", "TRANSP:TRANSPARENT", "END:VEVENT",
		"BEGIN:VEVENT", "UID:e", "DTSTART;VALUE=DATE:20260802", "STATUS:CANCELLED", "END:VEVENT",
		"BEGIN:VEVENT", "UID:f", "DTSTART;VALUE=DATE:20260501", "END:VEVENT",
		// A floating time is Chicago's wall clock.
		"BEGIN:VEVENT", "UID:g", "DTSTART:20260905T200000", "DTEND:20260905T230000", "END:VEVENT",
		// The same day twice is booked once.
		"BEGIN:VEVENT", "UID:h", "DTSTART;VALUE=DATE:20260613", "END:VEVENT",
		"END:VCALENDAR", ""}, "\r\n")
	days, err := ParseCalendar([]byte(cal), now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, d.Format(DayLayout))
	}
	want := "2026-06-13 2026-06-14 2026-06-20 2026-06-21 2026-07-04 2026-09-05"
	if strings.Join(got, " ") != want {
		t.Fatalf("booked %v, want %s", got, want)
	}
}

func TestParseCalendarRefusesWhatIsNotOne(t *testing.T) {
	now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
	for name, body := range map[string]string{
		"not a calendar": "hello",
		"bad date":       "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		var e *errs.Error
		if _, err := ParseCalendar([]byte(body), now); !errors.As(err, &e) || e.Code != errs.CodeValidation {
			t.Errorf("%s: %v", name, err)
		} else if _, ok := e.Details["fields"].(map[string]any)["calendar"]; !ok {
			t.Errorf("%s: %+v", name, e.Details)
		}
	}
	if _, err := ParseCalendar(make([]byte, MaxCalendarBytes+1), now); err == nil {
		t.Error("an oversized file was read")
	}
}

func TestCheckBookable(t *testing.T) {
	now := time.Date(2026, 6, 2, 3, 0, 0, 0, time.UTC) // still the 1st in Chicago
	for day, ok := range map[string]bool{"2026-06-01": true, "2026-05-31": false, "2028-05-01": true, "2028-07-01": false} {
		d, _ := ParseDay(day)
		if err := CheckBookable(d, now); (err == nil) != ok {
			t.Errorf("%s: %v", day, err)
		}
	}
	if _, err := ParseDay("June 1"); err == nil {
		t.Error("a day in words was read")
	}
}
