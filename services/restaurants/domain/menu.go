package domain

import (
	"slices"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// Dietary flags a menu item may carry.
const (
	Vegetarian = "vegetarian"
	Vegan      = "vegan"
	GlutenFree = "gluten-free"
	Spicy      = "spicy"
)

// DietaryFlags are the known flags, in display order.
var DietaryFlags = []string{Vegetarian, Vegan, GlutenFree, Spicy}

// MaxPriceCents bounds one item's price ($10,000), catching typos in cents.
const MaxPriceCents = 1_000_000

// Category groups menu items ("Starters", "Mains").
type Category struct {
	ID           string
	RestaurantID string
	Name         string
	Position     int
}

// MenuItem is one dish.
type MenuItem struct {
	ID           string
	RestaurantID string
	CategoryID   string
	Category     string
	Name         string
	Description  string
	PriceCents   int64
	Dietary      []string
	Available    bool
	ImageKey     string
	Position     int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Normalize trims the item, canonicalises its dietary flags and checks it.
func (m *MenuItem) Normalize() error {
	m.Name = strings.TrimSpace(m.Name)
	m.Description = strings.TrimSpace(m.Description)
	m.Category = strings.TrimSpace(m.Category)
	bad := map[string]string{}
	checkLen(bad, "name", m.Name, 1, 120)
	checkLen(bad, "description", m.Description, 0, 1000)
	checkLen(bad, "category", m.Category, 1, 60)
	if m.PriceCents <= 0 || m.PriceCents > MaxPriceCents {
		bad["priceCents"] = "must be a whole number of cents from 1 to 1000000"
	}
	flags, err := NormalizeDietary(m.Dietary)
	if err != "" {
		bad["dietary"] = err
	}
	m.Dietary = flags
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// NormalizeDietary lower-cases flags, drops repeats and refuses unknown ones; the
// result is in DietaryFlags order.
func NormalizeDietary(in []string) ([]string, string) {
	seen := map[string]bool{}
	for _, f := range in {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "glutenfree" || f == "gluten_free" {
			f = GlutenFree
		}
		if !slices.Contains(DietaryFlags, f) {
			return nil, "each flag must be one of " + strings.Join(DietaryFlags, ", ")
		}
		seen[f] = true
	}
	out := []string{}
	for _, f := range DietaryFlags {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out, ""
}
