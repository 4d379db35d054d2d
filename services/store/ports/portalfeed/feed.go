// Package portalfeed offers the store service's content to the portal: new products,
// search, and the signed-in user's orders.
package portalfeed

import (
	"context"
	"fmt"
	"strings"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

// Provider implements kit/feed.Provider. Its use cases are set when the service is
// mounted; until then it offers nothing.
type Provider struct {
	App *app.Service
}

var _ feed.Provider = (*Provider)(nil)

// Feed lists the newest products on sale.
func (p *Provider) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	return p.products(ctx, "", limit)
}

// Search lists products on sale matching q (their words or their vendor's).
func (p *Provider) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	return p.products(ctx, q, limit)
}

func (p *Provider) products(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	if p.App == nil {
		return nil, nil
	}
	l, err := p.App.PublicProducts(ctx, domain.ProductFilter{Words: strings.Fields(q), Sort: domain.SortNewest, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(l.Items))
	for _, x := range l.Items {
		lo, _ := x.PriceRange()
		it := feed.Item{ID: x.ID, Kind: "product", Slug: x.Slug, Title: x.Name, Summary: summary(x.Description),
			URL: p.App.ProductURL(x.Slug), PriceCents: &lo, Currency: "usd", Place: l.Vendors[x.VendorID].Name}
		if len(x.Images) > 0 {
			it.ImageURL = p.App.ImageURL(x.Images[0].Key)
		}
		if !x.InStock() {
			it.Status = storeapi.SoldOut
		}
		out = append(out, it)
	}
	return out, nil
}

// Activity lists the user's store orders, newest first, with where each stands.
func (p *Provider) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	if p.App == nil {
		return nil, nil
	}
	l, err := p.App.MyOrders(ctx, u, app.Page{Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(l.Items))
	for _, o := range l.Items {
		total, created := o.TotalCents, o.CreatedAt
		it := feed.Item{ID: o.ID, Kind: "order", Title: "Order " + o.Number + " from " + o.VendorName,
			Summary: lines(o), URL: p.App.OrderURL(o.ID), StartsAt: &created, PriceCents: &total, Currency: o.Currency,
			Status: string(o.FulfillmentStatus), Place: o.VendorName}
		if o.TrackingNumber != "" {
			it.Summary += " · " + o.Carrier + " " + o.TrackingNumber
		}
		if len(o.Lines) > 0 && o.Lines[0].ImageKey != "" {
			it.ImageURL = p.App.ImageURL(o.Lines[0].ImageKey)
		}
		out = append(out, it)
	}
	return out, nil
}

// lines says what an order holds, briefly: "2 × Suede Steppers (10), Tee (M)".
func lines(o domain.Order) string {
	parts := make([]string, 0, len(o.Lines))
	for _, l := range o.Lines {
		s := fmt.Sprintf("%d × %s", l.Quantity, l.ProductName)
		if l.VariantLabel != "" {
			s += " (" + l.VariantLabel + ")"
		}
		parts = append(parts, s)
	}
	return summary(strings.Join(parts, ", "))
}

func summary(s string) string {
	r := []rune(s)
	if len(r) <= 160 {
		return s
	}
	return string(r[:157]) + "…"
}
