// Package httpapi is the events service's HTTP side: the JSON API of CONTRACT.md, the
// organizer dashboard and the public pages. Handlers decode, call app, encode.
package httpapi

import (
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

func (h *Handler) flyerURL(key string) string {
	if key == "" {
		return ""
	}
	return h.ev.PublicURL() + "/media/" + key
}

func (h *Handler) tierOut(t domain.Tier, now time.Time) eventsapi.Tier {
	return eventsapi.Tier{ID: t.ID, EventID: t.EventID, Name: t.Name, PriceCents: t.PriceCents, Currency: "usd",
		Capacity: t.Capacity, Left: t.Left(), SoldOut: t.Left() == 0, OnSale: t.OnSale(now), SalesPhase: salesPhase(t, now),
		SalesStart: t.SalesStart, SalesEnd: t.SalesEnd, MaxPerOrder: t.MaxPerOrder}
}

// salesPhase says which side of the tier's sales window now is, so that a client
// can say why a tier is not on sale without a clock of its own.
func salesPhase(t domain.Tier, now time.Time) string {
	switch {
	case t.OnSale(now):
		return eventsapi.SalesOpen
	case t.SalesStart != nil && now.Before(*t.SalesStart):
		return eventsapi.SalesUpcoming
	default:
		return eventsapi.SalesEnded
	}
}

func (h *Handler) eventOut(e app.EventWithTiers) eventsapi.Event {
	now := h.ev.Now()
	out := eventsapi.Event{ID: e.ID, Slug: e.Slug, Title: e.Title, Description: e.Description, Category: e.Category,
		Venue: e.Venue, Address: e.Address, StartsAt: e.StartsAt, EndsAt: e.EndsAt, Status: string(e.Status),
		FlyerURL: h.flyerURL(e.FlyerKey), URL: h.ev.PublicURL() + "/events/" + e.Slug, OrganizerID: e.OrganizerID,
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, Tiers: []eventsapi.Tier{}, CardPayments: e.CardPayments,
		CashDeadline: e.CashDeadline}
	for _, t := range e.Tiers {
		out.Tiers = append(out.Tiers, h.tierOut(t, now))
		if out.FromCents == nil || t.PriceCents < *out.FromCents {
			p := t.PriceCents
			out.FromCents = &p
		}
	}
	return out
}

func (h *Handler) ticketOut(t domain.Ticket) eventsapi.Ticket {
	return eventsapi.Ticket{ID: t.ID, Code: t.Code, Status: string(t.Status), TierID: t.TierID, EventID: t.EventID,
		OrderID: t.OrderID, AttendeeName: t.AttendeeName, AttendeeEmail: t.AttendeeEmail, PriceCents: t.PriceCents,
		ScannedAt: t.ScannedAt, URL: h.ev.TicketURL(t.Code), QRURL: h.ev.PublicURL() + "/api/tickets/" + t.Code + "/qr.png"}
}

func (h *Handler) ticketViewOut(v domain.TicketView) eventsapi.Ticket {
	out := h.ticketOut(v.Ticket)
	starts := v.StartsAt
	out.EventTitle, out.EventSlug, out.Venue, out.StartsAt, out.TierName = v.EventTitle, v.EventSlug, v.Venue, &starts, v.TierName
	return out
}

func (h *Handler) orderOut(o domain.Order) eventsapi.Order {
	out := eventsapi.Order{ID: o.ID, EventID: o.EventID, Status: string(o.Status), PaymentMethod: string(o.Method),
		BuyerName: o.BuyerName, BuyerEmail: o.BuyerEmail, SubtotalCents: o.SubtotalCents, DiscountCents: o.DiscountCents,
		TotalCents: o.TotalCents, PlatformFeeCents: o.FeeCents, Currency: o.Currency, HoldExpiresAt: o.HoldExpiresAt,
		CreatedAt: o.CreatedAt, CompletedAt: o.CompletedAt, Tickets: []eventsapi.Ticket{}}
	if o.Status == domain.OrderPending {
		out.CheckoutURL = o.CheckoutURL
	}
	for _, t := range o.Tickets {
		tk := h.ticketOut(t)
		if t.OwnerID != o.BuyerID {
			// Given to someone else: its code is theirs alone.
			tk.Code, tk.URL, tk.QRURL = "", "", ""
		}
		out.Tickets = append(out.Tickets, tk)
	}
	return out
}

func discountOut(d domain.Discount) eventsapi.Discount {
	return eventsapi.Discount{ID: d.ID, Code: d.Code, Kind: string(d.Kind), Amount: d.Amount, UsageLimit: d.UsageLimit,
		UsedCount: d.UsedCount, ExpiresAt: d.ExpiresAt}
}
