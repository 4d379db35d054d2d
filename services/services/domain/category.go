package domain

import (
	"fmt"
	"strings"
)

// Category is the kind of business a provider runs.
type Category string

// The ten categories of the directory.
const (
	CategoryDJ             Category = "DJ"
	CategoryPhotographer   Category = "PHOTOGRAPHER"
	CategoryVideographer   Category = "VIDEOGRAPHER"
	CategoryVenue          Category = "VENUE"
	CategoryCaterer        Category = "CATERER"
	CategoryDecorator      Category = "DECORATOR"
	CategoryFlorist        Category = "FLORIST"
	CategoryHairMakeup     Category = "HAIR_MAKEUP"
	CategoryTransportation Category = "TRANSPORTATION"
	CategoryEntertainment  Category = "ENTERTAINMENT"
)

// Categories lists every category in the order the directory shows them.
var Categories = []Category{CategoryDJ, CategoryPhotographer, CategoryVideographer, CategoryVenue,
	CategoryCaterer, CategoryDecorator, CategoryFlorist, CategoryHairMakeup, CategoryTransportation,
	CategoryEntertainment}

// Valid reports whether c is one of the ten.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Genres a DJ may name.
var Genres = []string{"STEPPERS", "RNB", "SOUL", "HOUSE", "HIP_HOP", "JAZZ", "BLUES", "GOSPEL", "OLD_SCHOOL", "LINE_DANCE"}

// DanceFloor is a venue's dance floor surface.
var DanceFloors = []string{"HARDWOOD", "TILE", "CONCRETE", "PORTABLE", "NONE"}

// Parkings is how guests park at a venue.
var Parkings = []string{"FREE_LOT", "PAID_LOT", "STREET", "VALET", "NONE"}

// Package is a priced offer a provider sells as one thing ("4 hours, 300 edited photos").
type Package struct {
	Name        string `json:"name"`
	PriceCents  int64  `json:"priceCents"`
	Description string `json:"description,omitempty"`
}

// Details are the facts that belong to a category: a DJ's genres and hourly rate, a
// venue's capacity, floor and parking, a photographer's packages and turnaround.
// Fields of another category are refused, so a listing never claims what its
// category cannot offer.
type Details struct {
	Genres          []string  `json:"genres,omitempty"`
	HourlyRateCents int64     `json:"hourlyRateCents,omitempty"`
	MinimumHours    int       `json:"minimumHours,omitempty"`
	Capacity        int       `json:"capacity,omitempty"`
	DanceFloor      string    `json:"danceFloor,omitempty"`
	DanceFloorSqFt  int       `json:"danceFloorSqFt,omitempty"`
	Parking         string    `json:"parking,omitempty"`
	Packages        []Package `json:"packages,omitempty"`
	TurnaroundDays  int       `json:"turnaroundDays,omitempty"`
}

// Limits on details.
const (
	MaxPackages        = 10
	MaxHourlyRateCents = 10_000_00
	MaxPackageCents    = 100_000_00
	MaxCapacity        = 20_000
)

// normalize checks d against category c, writing each bad field into bad under
// "details.NAME".
func (d *Details) normalize(c Category, bad map[string]string) {
	djOnly := c == CategoryDJ
	venueOnly := c == CategoryVenue
	visual := c == CategoryPhotographer || c == CategoryVideographer
	refuse := func(field string, set bool, allowed bool) {
		if set && !allowed {
			bad["details."+field] = "does not apply to this category"
		}
	}
	refuse("genres", len(d.Genres) > 0, djOnly)
	refuse("hourlyRateCents", d.HourlyRateCents != 0, djOnly || c == CategoryEntertainment)
	refuse("minimumHours", d.MinimumHours != 0, djOnly || c == CategoryEntertainment)
	refuse("capacity", d.Capacity != 0, venueOnly)
	refuse("danceFloor", d.DanceFloor != "", venueOnly)
	refuse("danceFloorSqFt", d.DanceFloorSqFt != 0, venueOnly)
	refuse("parking", d.Parking != "", venueOnly)
	refuse("turnaroundDays", d.TurnaroundDays != 0, visual)

	genres := []string{}
	for _, g := range d.Genres {
		g = strings.ToUpper(strings.TrimSpace(g))
		switch {
		case !oneOf(Genres, g):
			bad["details.genres"] = "must be among " + strings.Join(Genres, ", ")
		case !oneOf(genres, g):
			genres = append(genres, g)
		}
	}
	d.Genres = genres
	if d.HourlyRateCents < 0 || d.HourlyRateCents > MaxHourlyRateCents {
		bad["details.hourlyRateCents"] = fmt.Sprintf("must be between 0 and %d", MaxHourlyRateCents)
	}
	if d.MinimumHours < 0 || d.MinimumHours > 24 {
		bad["details.minimumHours"] = "must be between 0 and 24"
	}
	if d.Capacity < 0 || d.Capacity > MaxCapacity {
		bad["details.capacity"] = fmt.Sprintf("must be between 0 and %d", MaxCapacity)
	}
	d.DanceFloor = strings.ToUpper(strings.TrimSpace(d.DanceFloor))
	if d.DanceFloor != "" && !oneOf(DanceFloors, d.DanceFloor) {
		bad["details.danceFloor"] = "must be among " + strings.Join(DanceFloors, ", ")
	}
	if d.DanceFloorSqFt < 0 || d.DanceFloorSqFt > 100_000 {
		bad["details.danceFloorSqFt"] = "must be between 0 and 100000"
	}
	d.Parking = strings.ToUpper(strings.TrimSpace(d.Parking))
	if d.Parking != "" && !oneOf(Parkings, d.Parking) {
		bad["details.parking"] = "must be among " + strings.Join(Parkings, ", ")
	}
	if d.TurnaroundDays < 0 || d.TurnaroundDays > 365 {
		bad["details.turnaroundDays"] = "must be between 0 and 365"
	}
	if len(d.Packages) > MaxPackages {
		bad["details.packages"] = fmt.Sprintf("at most %d packages", MaxPackages)
	}
	for i := range d.Packages {
		p := &d.Packages[i]
		p.Name, p.Description = strings.TrimSpace(p.Name), strings.TrimSpace(p.Description)
		key := fmt.Sprintf("details.packages[%d]", i)
		switch {
		case p.Name == "" || len(p.Name) > 100:
			bad[key+".name"] = "is required, at most 100 characters"
		case len(p.Description) > 500:
			bad[key+".description"] = "must be at most 500 characters"
		case p.PriceCents < 0 || p.PriceCents > MaxPackageCents:
			bad[key+".priceCents"] = fmt.Sprintf("must be between 0 and %d", MaxPackageCents)
		}
	}
}

func oneOf(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
