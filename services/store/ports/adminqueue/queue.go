// Package adminqueue is what the store service puts on the admins' desk
// (kit/adminq.Provider): the vendor applications waiting for approval and the failed
// card payments waiting for a person, each linking to its page on this service.
package adminqueue

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/store/app"
)

// Kinds of what waits: a vendor waiting for an admin's approval, and a card
// payment that failed, for an admin to look after the buyer.
const (
	KindApplication   = "vendor_application"
	KindFailedPayment = "failed_payment"
)

// Provider lists what waits for an admin here.
type Provider struct {
	App *app.Service
}

// Waiting lists the pending vendor applications and the failed payments no admin
// has handled, newest first. Both lists are read up to the page's end and merged.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	upTo := app.Page{Limit: limit + offset}
	apps, err := p.App.Waiting(ctx, u, upTo)
	if err != nil {
		return nil, 0, err
	}
	failed, err := p.App.FailedPayments(ctx, u, upTo)
	if err != nil {
		return nil, 0, err
	}
	base := strings.TrimRight(p.App.PublicURL(), "/")
	items := make([]adminq.Item, 0, len(apps.Items)+len(failed.Items))
	for _, v := range apps.Items {
		items = append(items, adminq.Item{Kind: KindApplication, ID: v.ID, Title: "Vendor application: " + v.Name,
			CreatedAt: v.CreatedAt, URL: base + "/admin/vendors/" + url.PathEscape(v.ID)})
	}
	for _, o := range failed.Items {
		items = append(items, adminq.Item{Kind: KindFailedPayment, ID: o.ID,
			Title: "Failed payment: order " + o.Number + " from " + o.VendorName, CreatedAt: o.CreatedAt,
			URL: base + "/admin/payments#order-" + url.PathEscape(o.Number)})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].CreatedAt.After(items[j].CreatedAt) })
	if offset >= len(items) {
		items = nil
	} else {
		items = items[offset:min(len(items), offset+limit)]
	}
	return items, apps.Total + failed.Total, nil
}
