package domain

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
)

// ProviderStatus is where a listing stands. Only APPROVED listings are public.
type ProviderStatus string

// Provider statuses.
const (
	ProviderPending   ProviderStatus = "PENDING"
	ProviderApproved  ProviderStatus = "APPROVED"
	ProviderRejected  ProviderStatus = "REJECTED"
	ProviderSuspended ProviderStatus = "SUSPENDED"
)

// providerMoves is the listing's life as data: an application is approved or
// rejected (with a reason); an approved listing may be suspended and restored.
var providerMoves = map[ProviderStatus][]ProviderStatus{
	ProviderPending:   {ProviderApproved, ProviderRejected},
	ProviderApproved:  {ProviderSuspended},
	ProviderSuspended: {ProviderApproved},
}

// IsOwner reports whether a user owns p: by their id, or, for a listing stored
// without one (demo data, made before its owner signed up), by the address they
// proved they receive mail at (verifiedEmail is "" for anyone who did not).
func (p Provider) IsOwner(userID, verifiedEmail string) bool {
	if p.OwnerID != "" {
		return userID != "" && p.OwnerID == userID
	}
	return verifiedEmail != "" && emailaddr.Same(p.OwnerEmail, verifiedEmail)
}

// CanMove reports whether a listing may go from s to to.
func (s ProviderStatus) CanMove(to ProviderStatus) bool {
	for _, t := range providerMoves[s] {
		if t == to {
			return true
		}
	}
	return false
}

// Move checks a listing's change, answering INVALID_TRANSITION when the rules refuse it.
func (s ProviderStatus) Move(to ProviderStatus) error {
	if !s.CanMove(to) {
		return errs.Errorf(errs.CodeInvalidTransition, fmt.Sprintf("A %s listing cannot become %s.",
			strings.ToLower(string(s)), strings.ToLower(string(to))))
	}
	return nil
}

// PriceRange is how a listing tells its prices at a glance ($ to $$$$).
type PriceRange string

// Price ranges.
const (
	PriceBudget   PriceRange = "BUDGET"
	PriceModerate PriceRange = "MODERATE"
	PricePremium  PriceRange = "PREMIUM"
	PriceLuxury   PriceRange = "LUXURY"
)

// PriceRanges lists the ranges from cheapest.
var PriceRanges = []PriceRange{PriceBudget, PriceModerate, PricePremium, PriceLuxury}

// Level is the range's place from 1 (BUDGET) to 4 (LUXURY), 0 when unknown; searches
// compare levels.
func (p PriceRange) Level() int {
	for i, r := range PriceRanges {
		if r == p {
			return i + 1
		}
	}
	return 0
}

// dollarRanges reads the way listings write their prices ("$$") as a range.
var dollarRanges = map[string]PriceRange{"$": PriceBudget, "$$": PriceModerate, "$$$": PricePremium, "$$$$": PriceLuxury}

// AreaKind is how a provider says where it works.
type AreaKind string

// Service area kinds.
const (
	AreaRadius AreaKind = "RADIUS" // within RadiusMiles of the base ZIP
	AreaCities AreaKind = "CITIES" // in the named cities
	AreaOnline AreaKind = "ONLINE" // anywhere, at a distance
)

// ServiceArea is where a provider takes work.
type ServiceArea struct {
	Kind        AreaKind `json:"kind"`
	RadiusMiles int      `json:"radiusMiles,omitempty"`
	Cities      []string `json:"cities,omitempty"`
}

// Limits on a listing.
const (
	MaxBusinessName    = 100
	MaxTagline         = 140
	MaxDescription     = 8000
	MaxServiceCities   = 30
	MaxRadiusMiles     = 250
	MaxStartingPrice   = 1_000_000_00
	MaxPortfolioPhotos = 20
	DefaultRadiusMiles = 25
	maxCityName        = 80
	maxWebsite         = 300
	maxEmail           = 254
)

// Provider is one business in the directory.
type Provider struct {
	ID                 string
	Slug               string
	OwnerID            string
	OwnerEmail         string
	Status             ProviderStatus
	RejectReason       string
	BusinessName       string
	Tagline            string
	Description        string // Markdown as written
	DescriptionHTML    string // sanitized, safe to print
	Category           Category
	Details            Details
	Phone              string // E.164
	Email              string
	Website            string
	City               string
	ZIP                string
	Area               ServiceArea
	PriceRange         PriceRange
	StartingPriceCents int64
	LogoKey            string
	CoverKey           string
	Verified           bool
	PremiumUntil       *time.Time
	ReviewCount        int
	RatingSum          int // over visible reviews only
	// LicenceKey is the private evidence of a licence in the bucket ("" without
	// any); LicenceType its content type; LicenceAt when it came.
	LicenceKey  string
	LicenceType string
	LicenceAt   *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Premium reports whether the listing sorts first at now.
func (p Provider) Premium(now time.Time) bool {
	return p.PremiumUntil != nil && p.PremiumUntil.After(now)
}

// Rating is the listing's shown rating (Rating).
func (p Provider) Rating() *float64 { return Rating(p.RatingSum, p.ReviewCount) }

// ProviderInput is what a provider writes about its business.
type ProviderInput struct {
	BusinessName       string
	Tagline            string
	Description        string
	Category           Category
	Details            Details
	Phone              string
	Email              string
	Website            string
	City               string
	ZIP                string
	Area               ServiceArea
	PriceRange         PriceRange
	StartingPriceCents int64
}

// Normalize trims and checks a listing, naming every bad field. The phone becomes
// E.164, the e-mail address its plain form, the category and enums upper case; the
// service area defaults to a DefaultRadiusMiles radius around the base ZIP.
func (in *ProviderInput) Normalize() error {
	bad := map[string]string{}
	in.BusinessName = strings.TrimSpace(in.BusinessName)
	in.Tagline = strings.TrimSpace(in.Tagline)
	in.Description = strings.TrimSpace(in.Description)
	in.City = strings.TrimSpace(in.City)
	in.ZIP = strings.TrimSpace(in.ZIP)
	in.Website = strings.TrimSpace(in.Website)
	in.Category = Category(strings.ToUpper(strings.TrimSpace(string(in.Category))))
	in.PriceRange = PriceRange(strings.ToUpper(strings.TrimSpace(string(in.PriceRange))))
	if alias, ok := dollarRanges[string(in.PriceRange)]; ok {
		in.PriceRange = alias
	}
	switch {
	case in.BusinessName == "":
		bad["businessName"] = "is required"
	case len(in.BusinessName) > MaxBusinessName:
		bad["businessName"] = fmt.Sprintf("must be at most %d characters", MaxBusinessName)
	}
	if len(in.Tagline) > MaxTagline {
		bad["tagline"] = fmt.Sprintf("must be at most %d characters", MaxTagline)
	}
	switch {
	case in.Description == "":
		bad["description"] = "is required"
	case len(in.Description) > MaxDescription:
		bad["description"] = fmt.Sprintf("must be at most %d characters", MaxDescription)
	}
	if !in.Category.Valid() {
		bad["category"] = "must be one of the directory's categories"
	} else {
		in.Details.normalize(in.Category, bad)
	}
	if phone, err := NormalizePhone(in.Phone); err != nil {
		bad["phone"] = err.Error()
	} else {
		in.Phone = phone
	}
	in.Email = strings.TrimSpace(in.Email)
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Name != "" || a.Address != in.Email || len(in.Email) > maxEmail {
		bad["email"] = "must be an e-mail address"
	}
	if in.Website != "" {
		u, err := url.Parse(in.Website)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.Website) > maxWebsite {
			bad["website"] = "must be a web address (https://…)"
		}
	}
	switch {
	case in.City == "":
		bad["city"] = "is required"
	case len(in.City) > maxCityName:
		bad["city"] = fmt.Sprintf("must be at most %d characters", maxCityName)
	}
	if in.ZIP != "" && !validZIP(in.ZIP) { // optional: without it, the city places the listing
		bad["zip"] = "must be a five-digit ZIP code"
	}
	in.Area.normalize(bad)
	if in.PriceRange.Level() == 0 {
		bad["priceRange"] = "must be BUDGET, MODERATE, PREMIUM or LUXURY"
	}
	if in.StartingPriceCents < 0 || in.StartingPriceCents > MaxStartingPrice {
		bad["startingPriceCents"] = fmt.Sprintf("must be between 0 and %d", MaxStartingPrice)
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

func (a *ServiceArea) normalize(bad map[string]string) {
	a.Kind = AreaKind(strings.ToUpper(strings.TrimSpace(string(a.Kind))))
	if a.Kind == "" {
		a.Kind = AreaRadius
	}
	cities := []string{}
	for _, c := range a.Cities {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if len(c) > maxCityName {
			bad["serviceArea.cities"] = fmt.Sprintf("each at most %d characters", maxCityName)
		}
		if !oneOfFold(cities, c) {
			cities = append(cities, c)
		}
	}
	a.Cities = cities
	switch a.Kind {
	case AreaRadius:
		if a.RadiusMiles == 0 {
			a.RadiusMiles = DefaultRadiusMiles
		}
		if a.RadiusMiles < 1 || a.RadiusMiles > MaxRadiusMiles {
			bad["serviceArea.radiusMiles"] = fmt.Sprintf("must be between 1 and %d", MaxRadiusMiles)
		}
		a.Cities = nil
	case AreaCities:
		if len(a.Cities) == 0 {
			bad["serviceArea.cities"] = "name at least one city"
		} else if len(a.Cities) > MaxServiceCities {
			bad["serviceArea.cities"] = fmt.Sprintf("at most %d cities", MaxServiceCities)
		}
		a.RadiusMiles = 0
	case AreaOnline:
		a.RadiusMiles, a.Cities = 0, nil
	default:
		bad["serviceArea.kind"] = "must be RADIUS, CITIES or ONLINE"
	}
}

func validZIP(z string) bool {
	if len(z) != 5 {
		return false
	}
	for _, r := range z {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func oneOfFold(xs []string, x string) bool {
	for _, y := range xs {
		if strings.EqualFold(x, y) {
			return true
		}
	}
	return false
}
