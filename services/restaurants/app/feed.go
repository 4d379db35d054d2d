package app

import (
	"context"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/domain"
)

// Feed is what the portal shows of restaurants: approved ones, newest first.
type Feed struct{ S *Service }

var _ feed.Provider = Feed{}

// Feed lists approved restaurants.
func (f Feed) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	l, err := f.S.Public(ctx, "", "", web.Page{Limit: limit})
	if err != nil {
		return nil, err
	}
	return f.restaurants(ctx, l.Items)
}

// Search matches approved restaurants by words; a word naming a cuisine finds it too.
func (f Feed) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	l, err := f.S.Public(ctx, q, "", web.Page{Limit: limit})
	if err != nil {
		return nil, err
	}
	if len(l.Items) == 0 {
		if l, err = f.S.Public(ctx, "", q, web.Page{Limit: limit}); err != nil {
			return nil, err
		}
	}
	return f.restaurants(ctx, l.Items)
}

// Activity lists the user's food orders.
func (f Feed) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	orders, _, err := f.S.Store.Orders(ctx, domain.OrderFilter{CustomerID: u.ID, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(orders))
	for _, o := range orders {
		total, pickup := o.TotalCents, o.PickupTime
		out = append(out, feed.Item{ID: o.ID, Kind: "order", Title: o.RestaurantName + " · " + o.Number,
			Summary: summary(o), URL: f.S.PublicURL + "/api/orders/" + o.ID, StartsAt: &pickup,
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

func (f Feed) restaurants(ctx context.Context, rs []domain.Restaurant) ([]feed.Item, error) {
	out := make([]feed.Item, 0, len(rs))
	for _, r := range rs {
		img := ""
		photos, err := f.S.Store.Photos(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		if len(photos) > 0 {
			img = f.S.ImageURL(photos[0].ImageKey)
		}
		out = append(out, feed.Item{ID: r.ID, Kind: "restaurant", Slug: r.Slug, Title: r.Name,
			Summary: r.Description, URL: strings.TrimRight(f.S.PortalURL, "/") + "/restaurants/" + r.Slug,
			ImageURL: img, Place: r.Address})
	}
	return out, nil
}
