// Package demo fills an empty classes database with a season of Chicago steppin
// classes from two instructors.
package demo

import (
	"context"
	"time"

	"stepperslife/services/classes/adapters/sqlstore"
	"stepperslife/services/classes/domain"
)

// The demo instructors: their classes wait for them by e-mail and become theirs
// by id when they first sign in with that (verified) address.
const (
	InstructorEmail = "instructor@demo.stepperslife.com"
	CoachEmail      = "coach@demo.stepperslife.com"
)

type classSpec struct {
	email, teacher, title, style, level, venue, address, blurb, bring string
	weekday                                                           time.Weekday
	hour, minute, weeks, capacity, minutes, roleCap                   int
	price, dropIn                                                     int64
}

var season = []classSpec{
	{InstructorEmail, "Marcus Bell", "Steppin Foundations", "STEPPIN", "BEGINNER", "Chicago Cultural Center",
		"78 E Washington St, Chicago, IL", "Your first eight weeks of Chicago steppin: the basic, the turn, leading and following with a partner.",
		"Smooth-soled shoes and water.", time.Tuesday, 19, 0, 8, 24, 90, 2, 12000, 2000},
	{InstructorEmail, "Marcus Bell", "Steppin II: Turns and Transitions", "STEPPIN", "INTERMEDIATE", "Chicago Cultural Center",
		"78 E Washington St, Chicago, IL", "For steppers with the basic down: spins, wraps and smooth transitions.",
		"Smooth-soled shoes.", time.Thursday, 19, 30, 6, 20, 90, 2, 10000, 2000},
	{InstructorEmail, "Marcus Bell", "Saturday Footwork Lab", "FOOTWORK", "ALL_LEVELS", "South Shore Cultural Center",
		"7059 S South Shore Dr, Chicago, IL", "One afternoon of footwork drills and musicality.", "", time.Saturday, 14, 0, 1, 30, 120, 0, 0, 0},
	{CoachEmail, "Denise Carter", "Walkin Basics", "WALKIN", "BEGINNER", "The Promontory", "5311 S Lake Park Ave W, Chicago, IL",
		"Walkin from the ground up: posture, the walk and the groove.", "Comfortable shoes.", time.Monday, 18, 30, 4, 16, 60, 0, 6000, 1800},
	{CoachEmail, "Denise Carter", "Line Dance Night", "LINE_DANCE", "ALL_LEVELS", "Bronzeville Community Hall",
		"4400 S Michigan Ave, Chicago, IL", "Learn three new line dances every week, no partner needed.", "", time.Wednesday, 19, 0, 6, 40, 75, 0, 0, 0},
	{CoachEmail, "Denise Carter", "Hand Dance Intensive", "HAND_DANCE", "ADVANCED", "The Promontory",
		"5311 S Lake Park Ave W, Chicago, IL", "Advanced hand dance patterns for experienced couples.", "Smooth-soled shoes.",
		time.Friday, 20, 0, 3, 12, 90, 1, 7500, 3000},
}

// Load adds the demo classes, published, unless there are classes already.
func Load(ctx context.Context, st *sqlstore.Store) error {
	n, err := st.CountClasses(ctx)
	if err != nil || n > 0 {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	for _, spec := range season {
		in := domain.ClassInput{Title: spec.title, Description: spec.blurb, Style: spec.style, Level: spec.level,
			Venue: spec.venue, Address: spec.address, Capacity: spec.capacity, PriceCents: spec.price,
			FirstSessionAt: next(now, spec.weekday, spec.hour, spec.minute), DurationMinutes: spec.minutes, Weeks: spec.weeks,
			RoleCap: spec.roleCap, WhatToBring: spec.bring}
		if spec.dropIn > 0 {
			drop := spec.dropIn
			in.DropInPriceCents = &drop
		}
		if err := in.Normalize(now); err != nil {
			return err
		}
		c := domain.Class{ID: domain.NewID(), Slug: domain.Slugify(in.Title), InstructorEmail: spec.email,
			InstructorName: spec.teacher, Title: in.Title, Description: in.Description, Style: in.Style, Level: in.Level,
			Venue: in.Venue, Address: in.Address, Capacity: in.Capacity, PriceCents: in.PriceCents,
			DropInPriceCents: in.DropInPriceCents, DurationMinutes: in.DurationMinutes, CutoffHours: *in.CutoffHours,
			RoleCap: in.RoleCap, WhatToBring: in.WhatToBring, Status: domain.ClassPublished, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateClass(ctx, c, domain.NewSessions(c.ID, in, now)); err != nil {
			return err
		}
	}
	return nil
}

// next is the first weekday at hour:minute in Chicago at least three days after now.
func next(now time.Time, wd time.Weekday, hour, minute int) time.Time {
	d := now.In(domain.Chicago).AddDate(0, 0, 3)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, domain.Chicago).UTC()
}
