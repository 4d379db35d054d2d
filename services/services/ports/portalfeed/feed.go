// Package portalfeed offers the services directory to the portal: listed providers
// for the feed and search, and the signed-in user's quote requests and listings for
// "my" activity.
package portalfeed

import (
	"context"
	"fmt"
	"strings"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/services/services/app"
	"stepperslife/services/services/domain"
)

// Provider implements kit/feed.Provider.
type Provider struct {
	App *app.Service
}

var _ feed.Provider = (*Provider)(nil)

// Feed lists listed providers in the directory's order (premium, then rating).
func (p *Provider) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	return p.search(ctx, "", limit)
}

// Search lists listed providers matching q.
func (p *Provider) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	return p.search(ctx, q, limit)
}

func (p *Provider) search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	if p.App == nil {
		return nil, nil
	}
	ps, _, err := p.App.Search(ctx, app.Search{Words: q, Limit: limit}, "")
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(ps))
	for _, x := range ps {
		out = append(out, p.listing(x))
	}
	return out, nil
}

func (p *Provider) listing(x domain.Provider) feed.Item {
	it := feed.Item{ID: x.ID, Kind: "provider", Slug: x.Slug, Title: x.BusinessName, Summary: summary(x),
		URL: p.App.ProviderURL(x.Slug), ImageURL: p.App.ImageURL(x.CoverKey), Status: string(x.Status), Place: x.City}
	if x.StartingPriceCents > 0 {
		price := x.StartingPriceCents
		it.PriceCents, it.PriceFrom, it.Currency = &price, true, "usd"
	}
	return it
}

// summary says what a listing is in a line: its category, its rating when it has
// one, and its tagline.
func summary(x domain.Provider) string {
	parts := []string{servicesapi.Words["category"][string(x.Category)].Text}
	if r := x.Rating(); r != nil {
		parts = append(parts, fmt.Sprintf("%.1f★ (%d)", *r, x.ReviewCount))
	}
	if x.Tagline != "" {
		parts = append(parts, x.Tagline)
	}
	return strings.Join(parts, " · ")
}

// Activity lists the user's quote requests (newest first), then the listings they own.
func (p *Provider) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	if p.App == nil {
		return nil, nil
	}
	qs, _, err := p.App.MyInquiries(ctx, u, limit, 0)
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(qs))
	for _, q := range qs {
		// The event date is a calendar day, not an instant: it goes in words, since a
		// time would be read in a zone and could show the day before.
		it := feed.Item{ID: q.ID, Kind: "inquiry", Slug: q.Provider.Slug, Title: "Quote request to " + q.Provider.BusinessName,
			Summary: q.Message, URL: p.App.PublicURL() + "/inquiries/" + q.ID, Status: string(q.Status), Place: q.Location}
		if day := q.EventDay(); day != "" {
			it.Summary = "For " + day + " · " + q.Message
		}
		out = append(out, it)
	}
	if len(out) >= limit {
		return out[:limit], nil
	}
	mine, err := p.App.MyProviders(ctx, u)
	if err != nil {
		return nil, err
	}
	for _, x := range mine {
		if len(out) >= limit {
			break
		}
		it := p.listing(x)
		it.Kind = "listing"
		out = append(out, it)
	}
	return out, nil
}
