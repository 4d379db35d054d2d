package domain

import (
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Chicago)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOpenAt(t *testing.T) {
	// 2026-11-23 is a Monday.
	h := Hours{
		{Day: time.Monday, Open: 11 * 60, Close: 14 * 60},
		{Day: time.Friday, Open: 18 * 60, Close: 2 * 60}, // past midnight
		{Day: time.Sunday, Open: 0, Close: 24 * 60},
	}
	cases := map[string]bool{
		"2026-11-23 10:59": false, "2026-11-23 11:00": true, "2026-11-23 13:59": true, "2026-11-23 14:00": false,
		"2026-11-27 17:59": false, "2026-11-27 23:30": true, "2026-11-28 01:59": true, "2026-11-28 02:00": false,
		"2026-11-29 00:00": true, "2026-11-29 23:59": true, "2026-11-24 12:00": false,
	}
	for s, want := range cases {
		if got := h.OpenAt(at(s)); got != want {
			t.Errorf("%s: open=%v want %v", s, got, want)
		}
	}
	// The same instant in UTC is read in Chicago time.
	if !h.OpenAt(at("2026-11-23 12:00").UTC()) {
		t.Error("UTC instant not read in Chicago time")
	}
}

func TestCheckPickup(t *testing.T) {
	h := Hours{{Day: time.Monday, Open: 11 * 60, Close: 14 * 60}}
	now := at("2026-11-23 10:00")
	if err := h.CheckPickup(at("2026-11-23 12:00"), now); err != nil {
		t.Fatal(err)
	}
	for _, p := range []time.Time{at("2026-11-23 09:00"), at("2026-11-23 15:00"), at("2026-12-07 12:00")} {
		if err := h.CheckPickup(p, now); codeOf(err) != errs.CodeValidation {
			t.Errorf("%v: %v", p, err)
		}
	}
	// The kitchen needs a few minutes: a pickup "right now" is refused even while open.
	lunch := at("2026-11-23 12:00")
	if err := h.CheckPickup(lunch.Add(2*time.Minute), lunch); codeOf(err) != errs.CodeValidation {
		t.Errorf("pickup in 2 minutes: %v", err)
	}
	if err := h.CheckPickup(lunch.Add(MinLeadTime), lunch); err != nil {
		t.Errorf("pickup after the lead time: %v", err)
	}
}

func TestHoursValidate(t *testing.T) {
	if err := (Hours{{Day: 1, Open: 600, Close: 900}, {Day: 1, Open: 800, Close: 1000}}).Validate(); err == nil {
		t.Error("overlap accepted")
	}
	if err := (Hours{{Day: 1, Open: 600, Close: 600}}).Validate(); err == nil {
		t.Error("empty span accepted")
	}
	if err := (Hours{{Day: 1, Open: 600, Close: 900}, {Day: 1, Open: 1000, Close: 1200}}).Validate(); err != nil {
		t.Error(err)
	}
	for _, s := range []string{"9:00", "25:00", "24:01", "ab:cd"} {
		if _, err := ParseClock(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestModerateAndSlug(t *testing.T) {
	if s, err := Moderate(Pending, Approve); err != nil || s != Approved {
		t.Fatal(s, err)
	}
	if _, err := Moderate(Approved, Reject); codeOf(err) != errs.CodeInvalidTransition {
		t.Fatal(err)
	}
	if _, err := Moderate(Approved, Approve); codeOf(err) != errs.CodeInvalidTransition {
		t.Fatal(err)
	}
	if s, _ := Moderate(Suspended, Approve); s != Approved {
		t.Fatal(s)
	}
	if got := Slugify("  Café Soul & Wings!! "); got != "cafe-soul-wings" {
		t.Fatal(got)
	}
	if got := Slugify("!!!"); got != "restaurant" {
		t.Fatal(got)
	}
}

func TestMenuItemNormalize(t *testing.T) {
	m := MenuItem{Name: " Wings ", Category: "Mains", PriceCents: 1299, Dietary: []string{"Spicy", "vegan", "spicy", "gluten_free"}}
	if err := m.Normalize(); err != nil {
		t.Fatal(err)
	}
	if m.Name != "Wings" || len(m.Dietary) != 3 || m.Dietary[0] != Vegan || m.Dietary[1] != GlutenFree {
		t.Fatal(m)
	}
	bad := MenuItem{Name: "x", Category: "c", PriceCents: 0, Dietary: []string{"keto"}}
	if err := bad.Normalize(); codeOf(err) != errs.CodeValidation {
		t.Fatal(err)
	}
}
