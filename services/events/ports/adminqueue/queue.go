// Package adminqueue is what the events service puts on the admins' desk
// (kit/adminq.Provider): the paid orders of cancelled events whose refund failed,
// each linking to its page on this service where an admin refunds it. Nothing else in
// events waits for an admin: organizers publish without approval, cash orders wait
// for the organizer's door staff, and unpaid holds expire by themselves.
package adminqueue

import (
	"context"
	"net/url"
	"strings"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/events/app"
)

// KindRefundOwed is a paid order of a cancelled event still waiting for its refund.
const KindRefundOwed = "refund_owed"

// Provider lists what waits for an admin here.
type Provider struct {
	Events *app.Events
}

// Waiting lists the refunds owed, the latest cancelled event first.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	owed, total, err := p.Events.RefundsOwed(ctx, u, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	base := strings.TrimRight(p.Events.PublicURL(), "/")
	items := make([]adminq.Item, 0, len(owed))
	for _, r := range owed {
		o := r.Order
		items = append(items, adminq.Item{Kind: KindRefundOwed, ID: o.ID,
			Title:     ui.Money(o.TotalCents) + " to " + o.BuyerName + " · " + r.EventTitle + " (cancelled)",
			CreatedAt: r.Since, URL: base + "/admin/orders/" + url.PathEscape(o.ID)})
	}
	return items, total, nil
}
