// Package portalfeed offers the magazine's content to the portal: published articles
// (featured first, then newest), search, and the signed-in writer's articles.
package portalfeed

import (
	"context"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

// Provider implements kit/feed.Provider.
type Provider struct {
	App *app.Service
}

var _ feed.Provider = (*Provider)(nil)

// Feed lists published articles, featured first, then newest.
func (p *Provider) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	return p.search(ctx, "", limit)
}

// Search lists published articles with every word of q.
func (p *Provider) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	return p.search(ctx, q, limit)
}

func (p *Provider) search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	if p.App == nil {
		return nil, nil
	}
	vs, _, err := p.App.Public(ctx, domain.Filter{Query: q, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(vs))
	for _, v := range vs {
		out = append(out, p.item(v))
	}
	return out, nil
}

func (p *Provider) item(v app.View) feed.Item {
	summary := v.Excerpt
	if summary == "" {
		summary = domain.PlainText(v.Body, 160)
	}
	section := magazineapi.Words["category"][v.Category].Text
	return feed.Item{ID: v.ID, Kind: "article", Slug: v.Slug, Title: v.Title,
		Summary: section + " · by " + v.AuthorName + " · " + summary, URL: p.App.ArticleURL(v.Slug),
		ImageURL: p.App.ImageURL(v.CoverKey), StartsAt: v.PublishedAt, Status: string(v.Status)}
}

// Activity lists what the signed-in writer wrote, last changed first.
func (p *Provider) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	if p.App == nil || !app.IsWriter(u) {
		return nil, nil
	}
	vs, _, err := p.App.Mine(ctx, u, limit, 0)
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(vs))
	for _, v := range vs {
		it := p.item(v)
		it.URL = p.App.PublicURL() + "/dashboard/articles/" + v.ID
		if v.Scheduled() {
			it.Status = "SCHEDULED"
		}
		out = append(out, it)
	}
	return out, nil
}
