// Package servicesapi is the services directory's JSON API as Go types: what it is
// sent and what it answers. The service encodes with these types and every client
// (the portal first) decodes with them, so each wire shape has one definition. Fields
// may be added; none may be renamed or removed, as CONTRACT.md is the minimum shape.
//
// The package imports only the standard library and the kit's words (which import
// only the standard library too).
package servicesapi

import (
	"encoding/json"
	"strings"
	"time"
)

// Provider is a listing (GET /api/providers/{slug}, and each listing of the list).
type Provider struct {
	ID                 string      `json:"id"`
	Slug               string      `json:"slug"`
	Status             string      `json:"status"`
	RejectReason       string      `json:"rejectReason,omitempty"`
	BusinessName       string      `json:"businessName"`
	Tagline            string      `json:"tagline,omitempty"`
	Description        string      `json:"description"`
	DescriptionHTML    string      `json:"descriptionHtml"`
	Category           string      `json:"category"`
	Details            Details     `json:"details"`
	Phone              string      `json:"phone"`
	Email              string      `json:"email"`
	Website            string      `json:"website,omitempty"`
	City               string      `json:"city"`
	ZIP                string      `json:"zip"`
	ServiceArea        ServiceArea `json:"serviceArea"`
	PriceRange         string      `json:"priceRange"`
	StartingPriceCents int64       `json:"startingPriceCents"`
	Currency           string      `json:"currency"`
	LogoURL            string      `json:"logoUrl,omitempty"`
	CoverURL           string      `json:"coverUrl,omitempty"`
	Photos             []Photo     `json:"photos,omitempty"`
	Verified           bool        `json:"verified"`
	// LicenceOnFile: the provider sent licence evidence (the file itself is only
	// ever shown to admins).
	LicenceOnFile bool       `json:"licenceOnFile,omitempty"`
	Premium       bool       `json:"premium"`
	PremiumUntil  *time.Time `json:"premiumUntil,omitempty"`
	// Rating is the average of the shown reviews, absent without any.
	Rating      *float64 `json:"rating"`
	ReviewCount int      `json:"reviewCount"`
	// ResponseRate (whole percent) and MedianResponseMinutes describe how the provider
	// answers inquiries (the last 90 days); absent before any inquiry.
	ResponseRate          *int      `json:"responseRate,omitempty"`
	MedianResponseMinutes *int      `json:"medianResponseMinutes,omitempty"`
	RecentReviews         []Review  `json:"recentReviews,omitempty"`
	URL                   string    `json:"url"`
	CreatedAt             time.Time `json:"createdAt"`
	UpdatedAt             time.Time `json:"updatedAt"`
}

// Details are a category's facts (a DJ's genres, a venue's capacity…).
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

// Package is a priced offer.
type Package struct {
	Name        string `json:"name"`
	PriceCents  int64  `json:"priceCents"`
	Description string `json:"description,omitempty"`
}

// ServiceArea is where a provider works: RADIUS (radiusMiles around its ZIP), CITIES
// or ONLINE.
type ServiceArea struct {
	Kind        string   `json:"kind"`
	RadiusMiles int      `json:"radiusMiles,omitempty"`
	Cities      []string `json:"cities,omitempty"`
}

// UnmarshalJSON also reads a service area written as words, as the contract's
// application sends it ("Chicago, Oak Park and Evanston"): the cities it names.
func (a *ServiceArea) UnmarshalJSON(b []byte) error {
	var words string
	if err := json.Unmarshal(b, &words); err == nil {
		a.Kind, a.RadiusMiles, a.Cities = "CITIES", 0, nil
		for _, part := range strings.FieldsFunc(strings.ReplaceAll(words, " and ", ","), func(r rune) bool { return r == ',' || r == ';' }) {
			if c := strings.TrimSpace(part); c != "" {
				a.Cities = append(a.Cities, c)
			}
		}
		return nil
	}
	type plain ServiceArea // without this method, to read the object form
	return json.Unmarshal(b, (*plain)(a))
}

// Photo is one portfolio picture.
type Photo struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// ProviderInput is an application (POST /api/providers).
type ProviderInput struct {
	BusinessName       string       `json:"businessName"`
	Tagline            string       `json:"tagline,omitempty"`
	Description        string       `json:"description"`
	Category           string       `json:"category"`
	Details            Details      `json:"details"`
	Phone              string       `json:"phone"`
	Email              string       `json:"email"`
	Website            string       `json:"website,omitempty"`
	City               string       `json:"city"`
	ZIP                string       `json:"zip"`
	ServiceArea        *ServiceArea `json:"serviceArea,omitempty"`
	PriceRange         string       `json:"priceRange"`
	StartingPriceCents int64        `json:"startingPriceCents,omitempty"`
}

// Category is one of the directory's categories (GET /api/categories).
type Category struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Review is a customer's review with the provider's reply.
type Review struct {
	ID         string     `json:"id"`
	ProviderID string     `json:"providerId"`
	AuthorName string     `json:"authorName"`
	Rating     int        `json:"rating"`
	Body       string     `json:"body"`
	Verified   bool       `json:"verified"`
	Status     string     `json:"status"`
	Reply      string     `json:"reply,omitempty"`
	RepliedAt  *time.Time `json:"repliedAt,omitempty"`
	CreatedAt  time.Time  `json:"createdAt"`
}

// ReviewInput is a review (POST /api/providers/{id}/reviews).
type ReviewInput struct {
	Rating int    `json:"rating"`
	Body   string `json:"body"`
}

// BodyInput is a reply, a message or a report's text.
type BodyInput struct {
	Body string `json:"body"`
}

// Inquiry is a quote request with its thread (the thread only on GET /api/inquiries/{id}).
type Inquiry struct {
	ID           string    `json:"id"`
	ProviderID   string    `json:"providerId"`
	ProviderName string    `json:"providerName"`
	ProviderSlug string    `json:"providerSlug"`
	CustomerName string    `json:"customerName"`
	Status       string    `json:"status"`
	EventDate    string    `json:"eventDate,omitempty"` // YYYY-MM-DD
	EventType    string    `json:"eventType,omitempty"`
	Location     string    `json:"location,omitempty"`
	Guests       int       `json:"guests,omitempty"`
	BudgetCents  *int64    `json:"budgetCents,omitempty"`
	Message      string    `json:"message"`
	Messages     []Message `json:"messages,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// Message is one turn of an inquiry's thread.
type Message struct {
	ID           string    `json:"id"`
	FromProvider bool      `json:"fromProvider"`
	Body         string    `json:"body"`
	CreatedAt    time.Time `json:"createdAt"`
}

// InquiryInput is a quote request (POST /api/providers/{id}/inquiries).
type InquiryInput struct {
	Message     string `json:"message"`
	EventDate   string `json:"eventDate,omitempty"` // YYYY-MM-DD
	EventType   string `json:"eventType,omitempty"`
	Location    string `json:"location,omitempty"`
	Guests      int    `json:"guests,omitempty"`
	BudgetCents *int64 `json:"budgetCents,omitempty"`
	// EvenIfBooked sends the request although the provider marked eventDate booked;
	// without it such a request is answered 409 CONFLICT with details.reason
	// "DATE_BOOKED", so the customer hears it before sending.
	EvenIfBooked bool `json:"evenIfBooked,omitempty"`
}

// BookedDay is a day a provider is not free (GET /api/providers/{id}/booked).
// source: MANUAL (marked by hand) or ICS (from the provider's imported calendar).
type BookedDay struct {
	Date   string `json:"date"` // YYYY-MM-DD
	Source string `json:"source"`
}

// Availability says whether a listing is booked on a day
// (GET /api/providers/{id}/availability?date=).
type Availability struct {
	Date   string `json:"date"`
	Booked bool   `json:"booked"`
}

// CalendarImport answers an imported .ics file (PUT /api/providers/{id}/calendar):
// how many upcoming days it books.
type CalendarImport struct {
	BookedDays int `json:"bookedDays"`
}

// StatusInput moves an inquiry (PATCH /api/inquiries/{id}).
type StatusInput struct {
	Status string `json:"status"`
}

// PremiumInput sets a listing's premium placement (POST /api/admin/providers/{id}/premium);
// an absent until ends it.
type PremiumInput struct {
	Until *time.Time `json:"until"`
}

// ListingStats are a listing's figures for its provider (GET /api/providers/{id}/stats):
// page views in the last 30 days and the rating of each of the last six months.
type ListingStats struct {
	Views30 int           `json:"views30"`
	Trend   []MonthRating `json:"trend"`
}

// MonthRating is one month of the rating trend; average is absent without reviews.
type MonthRating struct {
	Month   string   `json:"month"` // YYYY-MM
	Average *float64 `json:"average"`
	Count   int      `json:"count"`
}
