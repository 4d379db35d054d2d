// Package portalfeed offers the restaurants service's content to the portal: approved
// restaurants, search, and the signed-in user's food orders.
package portalfeed

import (
	"context"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

// Provider implements kit/feed.Provider over the restaurants use cases.
type Provider struct {
	App *app.Service
}

var _ feed.Provider = (*Provider)(nil)

// Feed lists approved restaurants, newest first.
func (p *Provider) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	l, err := p.App.Public(ctx, "", "", app.Page{Limit: limit})
	if err != nil {
		return nil, err
	}
	return p.restaurants(ctx, l.Items)
}

// Search matches approved restaurants by words; a word naming a cuisine finds it too.
func (p *Provider) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	l, err := p.App.Public(ctx, q, "", app.Page{Limit: limit})
	if err != nil {
		return nil, err
	}
	if len(l.Items) == 0 {
		if l, err = p.App.Public(ctx, "", q, app.Page{Limit: limit}); err != nil {
			return nil, err
		}
	}
	return p.restaurants(ctx, l.Items)
}

// Activity lists the user's food orders.
func (p *Provider) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	orders, _, err := p.App.MyOrders(ctx, u, app.Page{Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(orders))
	for _, o := range orders {
		total, pickup := o.TotalCents, o.PickupTime
		out = append(out, feed.Item{ID: o.ID, Kind: "order", Title: o.RestaurantName + " · " + o.Number,
			Summary: summary(o), URL: p.App.PublicURL() + "/api/orders/" + o.ID, StartsAt: &pickup,
			PriceCents: &total, Currency: o.Currency, Status: string(o.Status)})
	}
	return out, nil
}

func summary(o domain.Order) string {
	var parts []string
	for _, l := range o.Lines {
		parts = append(parts, strconv.FormatInt(l.Quantity, 10)+"× "+l.Name)
	}
	return strings.Join(parts, ", ")
}

func (p *Provider) restaurants(ctx context.Context, rs []domain.Restaurant) ([]feed.Item, error) {
	out := make([]feed.Item, 0, len(rs))
	for _, r := range rs {
		img, err := p.App.CoverImageURL(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, feed.Item{ID: r.ID, Kind: "restaurant", Slug: r.Slug, Title: r.Name,
			Summary: r.Description, URL: strings.TrimRight(p.App.PortalURL(), "/") + "/restaurants/" + r.Slug,
			ImageURL: img, Place: r.Address})
	}
	return out, nil
}
