// Package adminqueue is what the magazine service puts on the admins' desk
// (kit/adminq.Provider): articles submitted and waiting for an editor, revisions of
// published articles waiting for approval, and readers' memories of legends waiting
// to be approved, each linking to its page on this service's desk.
package adminqueue

import (
	"context"
	"net/url"
	"sort"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/magazine/app"
)

// Kinds of what waits.
const (
	KindSubmitted = "article_submitted"
	KindRevision  = "article_revision"
	KindMemory    = "memory_pending"
)

// Provider lists what waits for an editor here.
type Provider struct {
	App *app.Service
}

// Waiting lists submitted articles, pending revisions and pending memories, newest
// first.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	// Both lists are read from their start to offset+limit and merged, so paging over
	// the union stays in one order.
	w, _, err := p.App.Desk(ctx, u, offset+limit, 0)
	if err != nil {
		return nil, 0, err
	}
	base := p.App.PublicURL() + "/admin/articles/"
	items := make([]adminq.Item, 0, len(w.Articles)+len(w.Revisions))
	for _, a := range w.Articles {
		items = append(items, adminq.Item{Kind: KindSubmitted, ID: a.ID, Title: a.Title + " · " + a.AuthorName,
			CreatedAt: a.UpdatedAt, URL: base + url.PathEscape(a.ID)})
	}
	for _, r := range w.Revisions {
		items = append(items, adminq.Item{Kind: KindRevision, ID: r.ID, Title: "Revision: " + r.Content.Title + " · " + r.AuthorName,
			CreatedAt: r.CreatedAt, URL: base + url.PathEscape(r.ArticleID)})
	}
	memories, memoriesTotal, err := p.App.PendingMemories(ctx, u, offset+limit, 0)
	if err != nil {
		return nil, 0, err
	}
	for _, m := range memories {
		items = append(items, adminq.Item{Kind: KindMemory, ID: m.ID, Title: "Memory of " + m.LegendName + " · " + m.AuthorName,
			CreatedAt: m.CreatedAt, URL: p.App.PublicURL() + "/admin/memories/" + url.PathEscape(m.ID)})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].CreatedAt.After(items[j].CreatedAt) })
	total := w.ArticlesTotal + w.RevisionsTotal + memoriesTotal
	if offset >= len(items) {
		return []adminq.Item{}, total, nil
	}
	return items[offset:min(len(items), offset+limit)], total, nil
}
