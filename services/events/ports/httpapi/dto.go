// Package httpapi is the events service's HTTP side: the JSON API of CONTRACT.md, the
// organizer dashboard and the public pages. Handlers decode, call app, encode.
package httpapi

import (
	"time"

	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

type tierJSON struct {
	ID          string     `json:"id"`
	EventID     string     `json:"eventId"`
	Name        string     `json:"name"`
	PriceCents  int64      `json:"priceCents"`
	Currency    string     `json:"currency"`
	Capacity    int        `json:"capacity"`
	Left        int        `json:"left"`
	SoldOut     bool       `json:"soldOut"`
	OnSale      bool       `json:"onSale"`
	SalesStart  *time.Time `json:"salesStart,omitempty"`
	SalesEnd    *time.Time `json:"salesEnd,omitempty"`
	MaxPerOrder int        `json:"maxPerOrder"`
}

type eventJSON struct {
	ID          string     `json:"id"`
	Slug        string     `json:"slug"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Category    string     `json:"category"`
	Venue       string     `json:"venue"`
	Address     string     `json:"address"`
	StartsAt    time.Time  `json:"startsAt"`
	EndsAt      time.Time  `json:"endsAt"`
	Status      string     `json:"status"`
	FlyerURL    string     `json:"flyerUrl,omitempty"`
	URL         string     `json:"url"`
	OrganizerID string     `json:"organizerId"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	Tiers       []tierJSON `json:"tiers"`
	// FromCents is the lowest ticket price, for cards.
	FromCents *int64 `json:"fromCents,omitempty"`
}

func (h *Handler) flyerURL(key string) string {
	if key == "" {
		return ""
	}
	return h.ev.PublicURL() + "/media/" + key
}

func (h *Handler) tierOut(t domain.Tier, now time.Time) tierJSON {
	return tierJSON{ID: t.ID, EventID: t.EventID, Name: t.Name, PriceCents: t.PriceCents, Currency: "usd",
		Capacity: t.Capacity, Left: t.Left(), SoldOut: t.Left() == 0, OnSale: t.OnSale(now),
		SalesStart: t.SalesStart, SalesEnd: t.SalesEnd, MaxPerOrder: t.MaxPerOrder}
}

func (h *Handler) eventOut(e app.EventWithTiers) eventJSON {
	now := h.ev.Now()
	out := eventJSON{ID: e.ID, Slug: e.Slug, Title: e.Title, Description: e.Description, Category: e.Category,
		Venue: e.Venue, Address: e.Address, StartsAt: e.StartsAt, EndsAt: e.EndsAt, Status: string(e.Status),
		FlyerURL: h.flyerURL(e.FlyerKey), URL: h.ev.PublicURL() + "/events/" + e.Slug, OrganizerID: e.OrganizerID,
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, Tiers: []tierJSON{}}
	for _, t := range e.Tiers {
		out.Tiers = append(out.Tiers, h.tierOut(t, now))
		if out.FromCents == nil || t.PriceCents < *out.FromCents {
			p := t.PriceCents
			out.FromCents = &p
		}
	}
	return out
}

type ticketJSON struct {
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

func (h *Handler) ticketOut(t domain.Ticket) ticketJSON {
	return ticketJSON{ID: t.ID, Code: t.Code, Status: string(t.Status), TierID: t.TierID, EventID: t.EventID,
		OrderID: t.OrderID, AttendeeName: t.AttendeeName, AttendeeEmail: t.AttendeeEmail, PriceCents: t.PriceCents,
		ScannedAt: t.ScannedAt, URL: h.ev.TicketURL(t.Code), QRURL: h.ev.PublicURL() + "/api/tickets/" + t.Code + "/qr.png"}
}

func (h *Handler) ticketViewOut(v domain.TicketView) ticketJSON {
	out := h.ticketOut(v.Ticket)
	starts := v.StartsAt
	out.EventTitle, out.EventSlug, out.Venue, out.StartsAt, out.TierName = v.EventTitle, v.EventSlug, v.Venue, &starts, v.TierName
	return out
}

type orderJSON struct {
	ID               string       `json:"id"`
	EventID          string       `json:"eventId"`
	Status           string       `json:"status"`
	PaymentMethod    string       `json:"paymentMethod"`
	BuyerName        string       `json:"buyerName"`
	BuyerEmail       string       `json:"buyerEmail"`
	SubtotalCents    int64        `json:"subtotalCents"`
	DiscountCents    int64        `json:"discountCents"`
	TotalCents       int64        `json:"totalCents"`
	PlatformFeeCents int64        `json:"platformFeeCents"`
	Currency         string       `json:"currency"`
	HoldExpiresAt    *time.Time   `json:"holdExpiresAt,omitempty"`
	CheckoutURL      string       `json:"checkoutUrl,omitempty"`
	CreatedAt        time.Time    `json:"createdAt"`
	CompletedAt      *time.Time   `json:"completedAt,omitempty"`
	Tickets          []ticketJSON `json:"tickets"`
}

func (h *Handler) orderOut(o domain.Order) orderJSON {
	out := orderJSON{ID: o.ID, EventID: o.EventID, Status: string(o.Status), PaymentMethod: string(o.Method),
		BuyerName: o.BuyerName, BuyerEmail: o.BuyerEmail, SubtotalCents: o.SubtotalCents, DiscountCents: o.DiscountCents,
		TotalCents: o.TotalCents, PlatformFeeCents: o.FeeCents, Currency: o.Currency, HoldExpiresAt: o.HoldExpiresAt,
		CreatedAt: o.CreatedAt, CompletedAt: o.CompletedAt, Tickets: []ticketJSON{}}
	if o.Status == domain.OrderPending {
		out.CheckoutURL = o.CheckoutURL
	}
	for _, t := range o.Tickets {
		out.Tickets = append(out.Tickets, h.ticketOut(t))
	}
	return out
}

type discountJSON struct {
	ID         string     `json:"id"`
	Code       string     `json:"code"`
	Kind       string     `json:"kind"`
	Amount     int64      `json:"amount"`
	UsageLimit int        `json:"usageLimit"`
	UsedCount  int        `json:"usedCount"`
	ExpiresAt  *time.Time `json:"expiresAt,omitempty"`
}

func discountOut(d domain.Discount) discountJSON {
	return discountJSON{ID: d.ID, Code: d.Code, Kind: string(d.Kind), Amount: d.Amount, UsageLimit: d.UsageLimit,
		UsedCount: d.UsedCount, ExpiresAt: d.ExpiresAt}
}
