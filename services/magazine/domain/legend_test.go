package domain

import (
	"errors"

	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

func TestALegendIsChecked(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	name, kind := "Sweet Lou", "dancer"
	l, err := NewLegend(LegendPatch{Name: &name, Kind: &kind, Timeline: &[]Milestone{{Year: 1988, Text: " Class  starts "},
		{Year: 1974, Text: "First win"}, {}}}, now)
	if err != nil || l.Kind != "DANCER" || l.Slug != "sweet-lou" || len(l.Timeline) != 2 || l.Timeline[0].Year != 1974 ||
		l.Timeline[1].Text != "Class starts" {
		t.Fatalf("%v %+v", err, l)
	}
	short := "DJ"
	if l, _ := NewLegend(LegendPatch{Name: &short, Kind: &kind}, now); l.Slug != "dj-legend" {
		t.Errorf("a short name's address: %q", l.Slug)
	}
	for field, p := range map[string]LegendPatch{
		"kind":     {Kind: ptr("singer")},
		"name":     {Name: ptr(" ")},
		"timeline": {Timeline: &[]Milestone{{Year: 2027, Text: "Not yet"}}},
		"slug":     {Slug: ptr("No Spaces")},
	} {
		_, err := p.Apply(l, now)
		if err == nil || !hasField(err, field) {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestAMemoryIsChecked(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	m, err := NewMemory("l1", "u1", "Gloria", "  I took his class in 1989 with my husband.  ", 1989, "", now)
	if err != nil || m.Status != MemoryPending || m.Body != "I took his class in 1989 with my husband." {
		t.Fatalf("%v %+v", err, m)
	}
	for field, body := range map[string]string{"body": "Too short."} {
		if _, err := NewMemory("l1", "u1", "G", body, 0, "", now); !hasField(err, field) {
			t.Errorf("%s: %v", field, err)
		}
	}
	if _, err := NewMemory("l1", "u1", "G", "A memory long enough to keep.", 1850, "", now); !hasField(err, "year") {
		t.Errorf("year: %v", err)
	}
	for _, c := range []struct {
		from, to MemoryStatus
		ok       bool
	}{{MemoryPending, MemoryApproved, true}, {MemoryPending, MemoryDeclined, true}, {MemoryApproved, MemoryDeclined, true},
		{MemoryApproved, MemoryApproved, false}, {MemoryDeclined, MemoryApproved, false}, {MemoryDeclined, MemoryPending, false},
		{MemoryApproved, MemoryPending, false}} {
		if c.from.CanBecome(c.to) != c.ok {
			t.Errorf("%s → %s: want %v", c.from, c.to, c.ok)
		}
	}
}

// The page's timeline is the legend's milestones and the approved memories that
// name a year, in the order of the years.
func TestTheTimelineMergesMemoriesByYear(t *testing.T) {
	l := Legend{Timeline: []Milestone{{Year: 1974, Text: "a"}, {Year: 1990, Text: "b"}}}
	ms := []Memory{{ID: "m1", Year: 1990, Status: MemoryApproved}, {ID: "m2", Year: 1980, Status: MemoryApproved},
		{ID: "m3", Status: MemoryApproved}, {ID: "m4", Year: 1975, Status: MemoryPending}}
	got := Timeline(l, ms)
	want := []string{"1974 a", "1980 m2", "1990 b", "1990 m1"}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i, e := range got {
		s := e.Text
		if e.Memory != nil {
			s = e.Memory.ID
		}
		if w := want[i]; itoa(e.Year)+" "+s != w {
			t.Errorf("%d: %d %s, want %s", i, e.Year, s, w)
		}
	}
}

func hasField(err error, field string) bool {
	var e *errs.Error
	if !errors.As(err, &e) {
		return false
	}
	f, _ := e.Details["fields"].(map[string]string)
	if f == nil {
		if g, ok := e.Details["fields"].(map[string]any); ok {
			_, has := g[field]
			return has
		}
	}
	_, has := f[field]
	return has
}
