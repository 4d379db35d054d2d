// Package adminqueue is what the services directory puts on the admins' desk
// (kit/adminq.Provider): provider applications waiting for a decision, licences
// waiting to be verified and reviews hidden by a report, each linking to the page on
// this service that acts on it.
package adminqueue

import (
	"context"
	"net/url"
	"sort"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/services/app"
)

// Kinds of what waits.
const (
	KindApplication    = "provider_application"
	KindReportedReview = "reported_review"
	KindLicence        = "licence_to_verify"
)

// gather bounds how many of each kind are merged for one page; the queue is a
// person's to-do list, far shorter than that.
const gather = 500

// Provider lists what waits for an admin here.
type Provider struct {
	App *app.Service
}

// Waiting lists applications and reported reviews together, newest first.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	apps, nApps, err := p.App.Applications(ctx, gather, 0)
	if err != nil {
		return nil, 0, err
	}
	reviews, nReviews, err := p.App.ReportedReviews(ctx, gather, 0)
	if err != nil {
		return nil, 0, err
	}
	licences, nLicences, err := p.App.LicencesToVerify(ctx, gather, 0)
	if err != nil {
		return nil, 0, err
	}
	base := p.App.PublicURL()
	items := make([]adminq.Item, 0, len(apps)+len(reviews)+len(licences))
	for _, l := range licences {
		at := l.UpdatedAt
		if l.LicenceAt != nil {
			at = *l.LicenceAt
		}
		items = append(items, adminq.Item{Kind: KindLicence, ID: l.ID, Title: "Licence of " + l.BusinessName,
			CreatedAt: at, URL: base + "/admin/providers/" + url.PathEscape(l.ID)})
	}
	for _, a := range apps {
		items = append(items, adminq.Item{Kind: KindApplication, ID: a.ID, Title: a.BusinessName + " · " + a.City,
			CreatedAt: a.CreatedAt, URL: base + "/admin/providers/" + url.PathEscape(a.ID)})
	}
	for _, r := range reviews {
		items = append(items, adminq.Item{Kind: KindReportedReview, ID: r.ID, Title: r.AuthorName + "'s review",
			CreatedAt: r.UpdatedAt, URL: base + "/admin/reviews/" + url.PathEscape(r.ID)})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].CreatedAt.After(items[j].CreatedAt) })
	total := nApps + nReviews + nLicences
	if offset >= len(items) {
		return []adminq.Item{}, total, nil
	}
	return items[offset:min(offset+limit, len(items))], total, nil
}
