package httpapi

import (
	"testing"
	"time"

	"stepperslife/services/events/domain"
)

func TestDashboardListsSoonestFirst(t *testing.T) {
	now := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	at := func(id string, days int) eventRow {
		s := now.Add(time.Duration(days) * 24 * time.Hour)
		return eventRow{Event: domain.Event{ID: id, StartsAt: s, EndsAt: s.Add(4 * time.Hour)}}
	}
	rows := []eventRow{at("march", 90), at("last-week", -7), at("tonight", 0), at("yesterday", -1), at("friday", 3)}
	sortSoonestFirst(rows, now)
	var got []string
	for _, r := range rows {
		got = append(got, r.Event.ID)
	}
	want := []string{"tonight", "friday", "march", "yesterday", "last-week"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}
