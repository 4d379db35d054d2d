// Package adminqueue is what the restaurants service puts on the admins' desk
// (kit/adminq.Provider): the applications waiting for approval, and the card refunds
// Stripe has not settled long after they were asked (domain.RefundStuckAfter), each
// linking to its page on this service where an admin acts on it. Nothing else here
// waits for an admin: orders wait for their restaurant's team, and unpaid checkouts
// expire by themselves.
package adminqueue

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/restaurants/app"
)

// Kinds of what waits here.
const (
	// KindApplication is a restaurant waiting for an admin's approval.
	KindApplication = "restaurant_application"
	// KindRefundStuck is a card order whose refund Stripe has not settled.
	KindRefundStuck = "refund_stuck"
)

// Provider lists what waits for an admin here.
type Provider struct {
	App *app.Service
}

// Waiting lists applications and stuck refunds together, newest first. Each list is
// read from its start up to offset+limit, enough for the merge to place the page
// exactly; an admin queue is short, and the total says how long.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	upTo := app.Page{Limit: offset + limit}
	apps, err := p.App.Waiting(ctx, u, upTo)
	if err != nil {
		return nil, 0, err
	}
	refunds, owed, err := p.App.RefundsWaiting(ctx, u, upTo)
	if err != nil {
		return nil, 0, err
	}
	base := strings.TrimRight(p.App.PublicURL(), "/")
	items := make([]adminq.Item, 0, len(apps.Items)+len(refunds))
	for _, r := range apps.Items {
		items = append(items, adminq.Item{Kind: KindApplication, ID: r.ID, Title: r.Name + " · " + r.Cuisine,
			CreatedAt: r.CreatedAt, URL: base + "/admin/restaurants/" + url.PathEscape(r.ID)})
	}
	for _, o := range refunds {
		items = append(items, adminq.Item{Kind: KindRefundStuck, ID: o.ID,
			Title:     "Refund of " + ui.Money(o.TotalCents) + " to " + o.CustomerName + " · " + o.RestaurantName + " order " + o.Number,
			CreatedAt: o.UpdatedAt, URL: base + "/admin/orders/" + url.PathEscape(o.ID)})
	}
	slices.SortStableFunc(items, func(a, b adminq.Item) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
	})
	if offset >= len(items) {
		items = nil
	} else {
		items = items[offset:min(len(items), offset+limit)]
	}
	return items, apps.Total + owed, nil
}
