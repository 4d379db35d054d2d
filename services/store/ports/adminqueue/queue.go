// Package adminqueue is what the store service puts on the admins' desk: the vendor
// applications waiting for approval (kit/adminq.Provider), each linking to its review
// page on this service.
package adminqueue

import (
	"context"
	"net/url"
	"strings"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/store/app"
)

// KindApplication is a vendor waiting for an admin's approval.
const KindApplication = "vendor_application"

// Provider lists what waits for an admin here.
type Provider struct {
	App *app.Service
}

// Waiting lists the pending vendor applications, newest first.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	l, err := p.App.Waiting(ctx, u, app.Page{Limit: limit, Offset: offset})
	if err != nil {
		return nil, 0, err
	}
	base := strings.TrimRight(p.App.PublicURL(), "/")
	items := make([]adminq.Item, 0, len(l.Items))
	for _, v := range l.Items {
		items = append(items, adminq.Item{Kind: KindApplication, ID: v.ID, Title: "Vendor application: " + v.Name,
			CreatedAt: v.CreatedAt, URL: base + "/admin/vendors/" + url.PathEscape(v.ID)})
	}
	return items, l.Total, nil
}
