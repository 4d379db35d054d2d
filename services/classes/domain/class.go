package domain

import (
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
)

// ClassStatus is where a class is in its life: DRAFT → PUBLISHED → COMPLETED |
// CANCELLED (a draft may also be cancelled).
type ClassStatus string

// Class states.
const (
	ClassDraft     ClassStatus = "DRAFT"
	ClassPublished ClassStatus = "PUBLISHED"
	ClassCompleted ClassStatus = "COMPLETED"
	ClassCancelled ClassStatus = "CANCELLED"
)

var classMoves = map[ClassStatus][]ClassStatus{
	ClassDraft:     {ClassPublished, ClassCancelled},
	ClassPublished: {ClassCompleted, ClassCancelled},
}

// CanMove reports whether a class may go from s to next.
func (s ClassStatus) CanMove(next ClassStatus) bool { return contains(classMoves[s], next) }

// Styles of dance a class teaches.
var Styles = []string{"STEPPIN", "WALKIN", "LINE_DANCE", "HAND_DANCE", "FOOTWORK", "OTHER"}

// Levels a class is for.
var Levels = []string{"BEGINNER", "INTERMEDIATE", "ADVANCED", "ALL_LEVELS"}

// Limits on what a class may say.
const (
	MaxWeeks           = 12
	MaxCapacity        = 500
	MaxPriceCents      = 5_000_00 // $5,000 for a series
	MinDurationMinutes = 15
	MaxDurationMinutes = 8 * 60
	// DefaultCutoffHours is how long before a session a student may still cancel
	// with a refund, unless the class says otherwise.
	DefaultCutoffHours = 24
	MaxCutoffHours     = 14 * 24
)

// Class is one class an instructor teaches: a series of weekly sessions, or one.
type Class struct {
	ID              string
	Slug            string
	InstructorID    string
	InstructorEmail string
	InstructorName  string
	Title           string
	Description     string
	Style           string
	Level           string
	Venue           string
	Address         string
	Capacity        int
	// PriceCents is the price of the whole series (of the one session for a single).
	PriceCents int64
	// DropInPriceCents is the price of one session on its own; nil offers no drop-ins
	// (a free class takes free drop-ins).
	DropInPriceCents *int64
	DurationMinutes  int
	// CutoffHours: a student who cancels at least this long before their next
	// session gets their money back (card) or just frees the seat (free, door).
	CutoffHours int
	// RoleCap bounds how many more leads than follows (or follows than leads) a
	// session may seat; 0 sets no bound.
	RoleCap       int
	WhatToBring   string
	Prerequisites string
	CoverKey      string
	Status        ClassStatus
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Free reports whether the class costs nothing.
func (c Class) Free() bool { return c.PriceCents == 0 }

// DropInCents is the price of one session on its own, and whether drop-ins are
// offered at all.
func (c Class) DropInCents() (int64, bool) {
	if c.DropInPriceCents != nil {
		return *c.DropInPriceCents, true
	}
	return 0, c.Free()
}

// IsInstructor reports whether the user with id and email teaches c: by id, or for
// a demo class not yet claimed by the one written form of its e-mail address.
func (c Class) IsInstructor(id, email string) bool {
	if c.InstructorID != "" {
		return id != "" && c.InstructorID == id
	}
	return c.InstructorEmail != "" && emailaddr.Same(c.InstructorEmail, email)
}

// ClassInput is what an instructor writes about a new class.
type ClassInput struct {
	Title            string
	Description      string
	Style            string
	Level            string
	Venue            string
	Address          string
	Capacity         int
	PriceCents       int64
	DropInPriceCents *int64
	// FirstSessionAt is when the first session starts; its Chicago wall-clock time
	// is the time of every session of the series.
	FirstSessionAt  time.Time
	DurationMinutes int
	Weeks           int
	CutoffHours     *int
	RoleCap         int
	WhatToBring     string
	Prerequisites   string
}

// Normalize trims the input and checks it at now, naming every bad field.
func (in *ClassInput) Normalize(now time.Time) error {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Style = strings.ToUpper(strings.TrimSpace(in.Style))
	in.Level = strings.ToUpper(strings.TrimSpace(in.Level))
	in.Venue = strings.TrimSpace(in.Venue)
	in.Address = strings.TrimSpace(in.Address)
	in.WhatToBring = strings.TrimSpace(in.WhatToBring)
	in.Prerequisites = strings.TrimSpace(in.Prerequisites)
	bad := map[string]string{}
	text := func(field, v string, required bool, most int) {
		switch {
		case required && v == "":
			bad[field] = "is required"
		case len(v) > most:
			bad[field] = fmt.Sprintf("must be at most %d characters", most)
		}
	}
	text("title", in.Title, true, 200)
	text("description", in.Description, false, 20000)
	text("venue", in.Venue, true, 200)
	text("address", in.Address, false, 300)
	text("whatToBring", in.WhatToBring, false, 2000)
	text("prerequisites", in.Prerequisites, false, 2000)
	if in.Style == "" {
		in.Style = "STEPPIN"
	} else if !contains(Styles, in.Style) {
		bad["style"] = "must be one of " + strings.Join(Styles, ", ")
	}
	if in.Level == "" {
		in.Level = "ALL_LEVELS"
	} else if !contains(Levels, in.Level) {
		bad["level"] = "must be one of " + strings.Join(Levels, ", ")
	}
	if in.Capacity < 1 || in.Capacity > MaxCapacity {
		bad["capacity"] = fmt.Sprintf("must be from 1 to %d", MaxCapacity)
	}
	if in.PriceCents < 0 || in.PriceCents > MaxPriceCents {
		bad["priceCents"] = fmt.Sprintf("must be from 0 to %d", MaxPriceCents)
	}
	if in.DropInPriceCents != nil && (*in.DropInPriceCents < 0 || *in.DropInPriceCents > MaxPriceCents) {
		bad["dropInPriceCents"] = fmt.Sprintf("must be from 0 to %d", MaxPriceCents)
	}
	if in.DurationMinutes < MinDurationMinutes || in.DurationMinutes > MaxDurationMinutes {
		bad["durationMinutes"] = fmt.Sprintf("must be from %d to %d", MinDurationMinutes, MaxDurationMinutes)
	}
	if in.Weeks == 0 {
		in.Weeks = 1
	}
	if in.Weeks < 1 || in.Weeks > MaxWeeks {
		bad["weeks"] = fmt.Sprintf("must be from 1 to %d", MaxWeeks)
	}
	switch {
	case in.FirstSessionAt.IsZero():
		bad["firstSessionAt"] = "is required (RFC 3339)"
	case !in.FirstSessionAt.After(now):
		bad["firstSessionAt"] = "must be in the future"
	}
	if in.CutoffHours == nil {
		h := DefaultCutoffHours
		in.CutoffHours = &h
	} else if *in.CutoffHours < 0 || *in.CutoffHours > MaxCutoffHours {
		bad["cancelCutoffHours"] = fmt.Sprintf("must be from 0 to %d", MaxCutoffHours)
	}
	if in.RoleCap < 0 || in.RoleCap > MaxCapacity {
		bad["roleCap"] = fmt.Sprintf("must be from 0 to %d", MaxCapacity)
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// WeeklyStarts is when each of weeks weekly sessions starts: the first at first, each
// next one a week later at the same wall-clock time in Chicago, so a 7 PM class stays
// at 7 PM when daylight saving begins or ends between two sessions. The times are
// in UTC.
func WeeklyStarts(first time.Time, weeks int) []time.Time {
	local := first.In(Chicago)
	y, m, d := local.Date()
	out := make([]time.Time, 0, weeks)
	for i := range weeks {
		out = append(out, time.Date(y, m, d+7*i, local.Hour(), local.Minute(), local.Second(), 0, Chicago).UTC())
	}
	return out
}

// NormalizeEmail returns the one written form of an e-mail address (emailaddr), and
// whether s is a usable address at all.
func NormalizeEmail(s string) (string, bool) {
	n, err := emailaddr.Normalize(s)
	if err != nil {
		return strings.TrimSpace(s), false
	}
	return n, true
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
