// Package portalfeed offers the events service's content to the portal: upcoming events,
// search, and the signed-in user's tickets.
package portalfeed

import (
	"context"
	"fmt"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

// Provider implements kit/feed.Provider. Its use cases are set when the service is
// mounted; until then it offers nothing.
type Provider struct {
	Events *app.Events
}

var _ feed.Provider = (*Provider)(nil)

// Feed lists upcoming published events.
func (p *Provider) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	return p.search(ctx, "", limit)
}

// Search lists upcoming published events matching q.
func (p *Provider) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	return p.search(ctx, q, limit)
}

func (p *Provider) search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	if p.Events == nil {
		return nil, nil
	}
	evs, _, err := p.Events.PublicEvents(ctx, domain.EventFilter{Q: q, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(evs))
	for _, e := range evs {
		out = append(out, p.eventItem(e))
	}
	return out, nil
}

func (p *Provider) eventItem(e app.EventWithTiers) feed.Item {
	starts := e.StartsAt
	it := feed.Item{ID: e.ID, Kind: "event", Slug: e.Slug, Title: e.Title, Summary: summary(e.Description),
		URL: p.Events.PublicURL() + "/events/" + e.Slug, StartsAt: &starts,
		Place: e.Venue}
	if e.FlyerKey != "" {
		it.ImageURL = p.Events.PublicURL() + "/media/" + e.FlyerKey
	}
	for _, t := range e.Tiers {
		if it.PriceCents != nil && t.PriceCents != *it.PriceCents {
			it.PriceFrom = true
		}
		if it.PriceCents == nil || t.PriceCents < *it.PriceCents {
			price := t.PriceCents
			it.PriceCents = &price
			it.Currency = "usd"
		}
	}
	return it
}

// Activity lists the user's tickets.
func (p *Provider) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	if p.Events == nil {
		return nil, nil
	}
	vs, _, err := p.Events.MyTickets(ctx, u, limit, 0)
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(vs))
	for _, v := range vs {
		starts, price := v.StartsAt, v.PriceCents
		out = append(out, feed.Item{ID: v.ID, Kind: "ticket", Slug: v.EventSlug, Title: v.EventTitle,
			Summary: fmt.Sprintf("%s ticket", v.TierName), URL: p.Events.TicketURL(v.Code), StartsAt: &starts,
			PriceCents: &price, Currency: "usd", Status: string(v.Status), Place: v.Venue})
	}
	return out, nil
}

func summary(s string) string {
	r := []rune(s)
	if len(r) <= 160 {
		return s
	}
	return string(r[:157]) + "…"
}
