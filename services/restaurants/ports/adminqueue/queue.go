// Package adminqueue is what the restaurants service puts on the admins' desk: the
// applications waiting for approval (kit/adminq.Provider), each linking to its review
// page on this service.
package adminqueue

import (
	"context"
	"net/url"
	"strings"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/restaurants/app"
)

// KindApplication is a restaurant waiting for an admin's approval.
const KindApplication = "restaurant_application"

// Provider lists what waits for an admin here.
type Provider struct {
	App *app.Service
}

// Waiting lists the pending applications, newest first.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	l, err := p.App.Waiting(ctx, u, app.Page{Limit: limit, Offset: offset})
	if err != nil {
		return nil, 0, err
	}
	base := strings.TrimRight(p.App.PublicURL(), "/")
	items := make([]adminq.Item, 0, len(l.Items))
	for _, r := range l.Items {
		items = append(items, adminq.Item{Kind: KindApplication, ID: r.ID, Title: r.Name + " · " + r.Cuisine,
			CreatedAt: r.CreatedAt, URL: base + "/admin/restaurants/" + url.PathEscape(r.ID)})
	}
	return items, l.Total, nil
}
