// Package eventsapi is the events service's JSON API as Go types: what it is sent
// and what it answers. The service encodes with these types and every client (the
// portal first) decodes with them, so each wire shape has one definition. Fields may
// be added; none may be renamed or removed, as CONTRACT.md is the minimum shape.
//
// The package imports only the standard library and the kit's words (which import
// only the standard library too), so any service may use it without depending on the events service.
package eventsapi

import "time"

// Where now falls in a tier's sales window (Tier.SalesPhase).
const (
	SalesOpen     = "OPEN"     // on sale now
	SalesUpcoming = "UPCOMING" // its sales have not started yet
	SalesEnded    = "ENDED"    // its sales are over
)

// Payment methods a purchase may ask for.
const (
	PayFree = "free"
	PayCard = "card"
	PayCash = "cash"
)

// Event is an event with its tiers (GET /api/events/{slug}, and each event of the
// list).
type Event struct {
	ID          string    `json:"id"`
	Slug        string    `json:"slug"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Category    string    `json:"category"`
	Venue       string    `json:"venue"`
	Address     string    `json:"address"`
	StartsAt    time.Time `json:"startsAt"`
	EndsAt      time.Time `json:"endsAt"`
	Status      string    `json:"status"`
	FlyerURL    string    `json:"flyerUrl,omitempty"`
	URL         string    `json:"url"`
	OrganizerID string    `json:"organizerId"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	Tiers       []Tier    `json:"tiers"`
	// FromCents is the lowest ticket price, for cards.
	FromCents *int64 `json:"fromCents,omitempty"`
	// CardPayments is whether a purchase may ask for card payment now.
	CardPayments bool `json:"cardPayments"`
	// CashDeadline is when cash-at-the-door reservations stop being held, when
	// the organizer set one; without it they are held until the event ends.
	CashDeadline *time.Time `json:"cashDeadline,omitempty"`
}

// Tier is one kind of ticket of an event, with what a buyer can get of it now:
// the service decides Left, OnSale, SalesPhase and MaxPerOrder, so no client needs
// its rules.
type Tier struct {
	ID         string `json:"id"`
	EventID    string `json:"eventId"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Currency   string `json:"currency"`
	Capacity   int    `json:"capacity"`
	// Left is how many seats are still for sale.
	Left    int  `json:"left"`
	SoldOut bool `json:"soldOut"`
	// OnSale is whether the sales window is open now; SalesPhase says which side
	// of it now is when it is not.
	OnSale     bool       `json:"onSale"`
	SalesPhase string     `json:"salesPhase"`
	SalesStart *time.Time `json:"salesStart,omitempty"`
	SalesEnd   *time.Time `json:"salesEnd,omitempty"`
	// MaxPerOrder is the most tickets of this tier one order may take.
	MaxPerOrder int `json:"maxPerOrder"`
}

// Ticket is one admission (an order's tickets, GET /api/me/tickets).
type Ticket struct {
	ID            string     `json:"id"`
	Code          string     `json:"code"`
	Status        string     `json:"status"`
	TierID        string     `json:"tierId"`
	EventID       string     `json:"eventId"`
	OrderID       string     `json:"orderId"`
	AttendeeName  string     `json:"attendeeName"`
	AttendeeEmail string     `json:"attendeeEmail"`
	PriceCents    int64      `json:"priceCents"`
	ScannedAt     *time.Time `json:"scannedAt,omitempty"`
	URL           string     `json:"url"`
	QRURL         string     `json:"qrUrl"`
	// Event facts, when the ticket is shown on its own.
	EventTitle string     `json:"eventTitle,omitempty"`
	EventSlug  string     `json:"eventSlug,omitempty"`
	Venue      string     `json:"venue,omitempty"`
	StartsAt   *time.Time `json:"startsAt,omitempty"`
	TierName   string     `json:"tierName,omitempty"`
}

// Order is a purchase of tickets (the answer of POST /api/tickets/purchase).
type Order struct {
	ID               string     `json:"id"`
	EventID          string     `json:"eventId"`
	Status           string     `json:"status"`
	PaymentMethod    string     `json:"paymentMethod"`
	BuyerName        string     `json:"buyerName"`
	BuyerEmail       string     `json:"buyerEmail"`
	SubtotalCents    int64      `json:"subtotalCents"`
	DiscountCents    int64      `json:"discountCents"`
	TotalCents       int64      `json:"totalCents"`
	PlatformFeeCents int64      `json:"platformFeeCents"`
	Currency         string     `json:"currency"`
	HoldExpiresAt    *time.Time `json:"holdExpiresAt,omitempty"`
	// CheckoutURL is where the buyer pays by card, while the order waits for it.
	CheckoutURL string     `json:"checkoutUrl,omitempty"`
	CreatedAt   time.Time  `json:"createdAt"`
	CompletedAt *time.Time `json:"completedAt,omitempty"`
	Tickets     []Ticket   `json:"tickets"`
}

// Discount is an event's discount code, as its organizer sees it.
type Discount struct {
	ID         string     `json:"id"`
	Code       string     `json:"code"`
	Kind       string     `json:"kind"`
	Amount     int64      `json:"amount"`
	UsageLimit int        `json:"usageLimit"`
	UsedCount  int        `json:"usedCount"`
	ExpiresAt  *time.Time `json:"expiresAt,omitempty"`
}

// PurchaseRequest is POST /api/tickets/purchase. It carries no prices: the service
// prices every order itself.
type PurchaseRequest struct {
	EventID       string         `json:"eventId"`
	Items         []PurchaseItem `json:"items"`
	PaymentMethod string         `json:"paymentMethod"`
	Attendee      Attendee       `json:"attendee"`
	DiscountCode  string         `json:"discountCode,omitempty"`
}

// PurchaseItem is how many tickets of one tier a purchase asks for.
type PurchaseItem struct {
	TierID   string `json:"tierId"`
	Quantity int    `json:"quantity"`
}

// Attendee is whom the tickets of a purchase are for.
type Attendee struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Quote is what an order would cost (POST /api/tickets/quote, the purchase's body):
// the service prices it as it would the purchase, and places nothing.
type Quote struct {
	Tickets       int    `json:"tickets"`
	SubtotalCents int64  `json:"subtotalCents"`
	DiscountCents int64  `json:"discountCents"`
	TotalCents    int64  `json:"totalCents"`
	DiscountCode  string `json:"discountCode,omitempty"`
	// BuyerFeeCents is what the buyer pays on top of the tickets: none, as the
	// platform's fee comes out of the organizer's share.
	BuyerFeeCents int64 `json:"buyerFeeCents"`
}
