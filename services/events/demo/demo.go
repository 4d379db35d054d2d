// Package demo fills an empty events database with a season of Chicago steppin
// events, with flyers drawn on the spot.
package demo

import (
	"context"
	"image/color"
	"strings"
	"time"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/domain"
)

// OrganizerEmail owns the demo events: the portal's demo organizer, who claims them
// by e-mail on signing in.
const OrganizerEmail = "organizer@demo.stepperslife.com"

type tierSpec struct {
	name     string
	price    int64
	capacity int
}

type eventSpec struct {
	title, category, venue, address, blurb string
	// day is the weekday it falls on: the first one from today whose start is
	// still ahead, then weeks later. A title that names a weekday stays true.
	day                time.Weekday
	weeks, hour, hours int
	from, to           color.RGBA
	tiers              []tierSpec
}

var season = []eventSpec{
	{"Friday Night Steppers Set", "SET", "Chicago Cultural Center", "78 E Washington St, Chicago, IL",
		"Fresh grooves, a line-dance break every hour and the floor open till two.",
		time.Friday, 0, 21, 5, color.RGBA{40, 110, 60, 255}, color.RGBA{250, 200, 90, 255},
		[]tierSpec{{"Advance", 2000, 300}, {"Door", 2500, 100}}},
	{"Steppin 101 Workshop", "WORKSHOP", "Bronzeville Dance Studio", "4400 S King Dr, Chicago, IL",
		"Learn the basic six-count, turns and partner connection from champion instructors.",
		time.Saturday, 0, 13, 3, color.RGBA{20, 80, 50, 255}, color.RGBA{120, 170, 60, 255},
		[]tierSpec{{"Workshop pass", 2500, 40}}},
	{"Sunday Smooth Set", "SET", "The Promontory", "5311 S Lake Park Ave W, Chicago, IL",
		"An easy Sunday set for steppers of every level. Free before 7 PM.",
		time.Sunday, 0, 17, 5, color.RGBA{12, 60, 90, 255}, color.RGBA{30, 140, 150, 255},
		[]tierSpec{{"Early (before 7 PM)", 0, 150}, {"Door", 1500, 200}}},
	{"Westside Wednesday Social", "SOCIAL", "Garfield Park Fieldhouse", "100 N Central Park Ave, Chicago, IL",
		"The midweek social: good music, good people, good steps. Cash at the door welcome.",
		time.Wednesday, 0, 19, 4, color.RGBA{60, 40, 20, 255}, color.RGBA{200, 150, 60, 255},
		[]tierSpec{{"Entry", 1000, 120}}},
	{"Chi-Town Steppers Ball", "BALL", "South Shore Cultural Center", "7059 S South Shore Dr, Chicago, IL",
		"Black tie and smooth steps: the grand ball, with a live band and DJ sets until late.",
		time.Saturday, 2, 20, 6, color.RGBA{70, 16, 80, 255}, color.RGBA{190, 40, 90, 255},
		[]tierSpec{{"General admission", 4500, 400}, {"VIP table seat", 9500, 60}}},
	{"Lakefront Steppers Cruise", "CRUISE", "Navy Pier Dock", "600 E Grand Ave, Chicago, IL",
		"Step on the water: a three-hour cruise with DJ Smooth and a skyline view.",
		time.Saturday, 6, 19, 3, color.RGBA{10, 40, 100, 255}, color.RGBA{240, 130, 60, 255},
		[]tierSpec{{"Boarding pass", 6500, 250}}},
	{"Midwest Steppin Championship", "COMPETITION", "UIC Forum", "725 W Roosevelt Rd, Chicago, IL",
		"Couples from six states compete for the title. Spectator and competitor passes.",
		time.Saturday, 8, 12, 10, color.RGBA{30, 30, 30, 255}, color.RGBA{200, 160, 40, 255},
		[]tierSpec{{"Spectator", 3000, 800}, {"Competitor couple", 15000, 60}}},
	{"Sweethearts Steppers Affair", "BALL", "Hyatt Regency McCormick Place", "2233 S King Dr, Chicago, IL",
		"Couples' night with a steppin contest, dinner and dancing.",
		time.Saturday, 10, 19, 6, color.RGBA{120, 10, 40, 255}, color.RGBA{240, 80, 120, 255},
		[]tierSpec{{"Single", 6000, 300}, {"Couple", 11000, 150}}},
}

// startOf is when s starts, seen from now: on its weekday, at its hour in Chicago.
func (s eventSpec) startOf(now time.Time) time.Time {
	local := now.In(domain.Chicago)
	ahead := (int(s.day) - int(local.Weekday()) + 7) % 7
	day := local.AddDate(0, 0, ahead)
	start := time.Date(day.Year(), day.Month(), day.Day(), s.hour, 0, 0, 0, domain.Chicago)
	if !start.After(now) {
		start = start.AddDate(0, 0, 7)
	}
	return start.AddDate(0, 0, 7*s.weeks).UTC()
}

// Load adds the demo season when the database holds no event yet.
func Load(ctx context.Context, st *sqlstore.Store, blobs blob.Store) error {
	return LoadAt(ctx, st, blobs, time.Now())
}

// LoadAt is Load as if it were now: the season is dated from now on.
func LoadAt(ctx context.Context, st *sqlstore.Store, blobs blob.Store, now time.Time) error {
	n, err := st.CountEvents(ctx)
	if err != nil || n > 0 {
		return err
	}
	now = now.UTC()
	for _, s := range season {
		start := s.startOf(now)
		ev := domain.Event{ID: domain.NewID(), Slug: domain.Slugify(s.title),
			OrganizerEmail: OrganizerEmail, Title: s.title, Description: s.blurb, Category: s.category, Venue: s.venue,
			Address: s.address, StartsAt: start, EndsAt: start.Add(time.Duration(s.hours) * time.Hour),
			Status: domain.EventPublished, CreatedAt: now, UpdatedAt: now}
		// Stored as an upload is (content-addressed), with the thumbnail copy lists
		// offer in srcset. A flyer carries its date, so its WebP twin cannot be made
		// ahead of time, and encoding one here would cost every demo start a
		// second: it has none.
		flyer := drawFlyer(s.title, strings.ToUpper(start.In(domain.Chicago).Format("Mon Jan 2 - 3 PM")), s.venue, s.from, s.to)
		key, err := imaging.PutDrawnSmall(ctx, blobs, flyer, "flyers/"+ev.ID)
		if err != nil {
			return err
		}
		ev.FlyerKey = key
		if err := st.CreateEvent(ctx, ev); err != nil {
			return err
		}
		for i, t := range s.tiers {
			tier := domain.Tier{ID: domain.NewID(), EventID: ev.ID, Name: t.name, PriceCents: t.price, Capacity: t.capacity,
				MaxPerOrder: domain.DefaultMaxPerOrder, CreatedAt: now.Add(time.Duration(i) * time.Millisecond)}
			if err := st.CreateTier(ctx, tier); err != nil {
				return err
			}
		}
	}
	return nil
}
