// Package adminqueue is what the classes service puts on the admins' desk
// (kit/adminq.Provider): instructors waiting to be verified and reviews someone
// reported, each linking to its page on this service's admin.
package adminqueue

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/classes/app"
)

// Kinds of what waits here.
const (
	KindInstructor = "instructor_to_verify"
	KindReview     = "review_reported"
)

// Provider lists what waits for an admin here.
type Provider struct {
	App *app.Service
}

// Waiting lists both kinds together, newest first. The two lists are read whole up
// to offset+limit each, so a page of the merged list is exact.
func (p *Provider) Waiting(ctx context.Context, u *auth.User, limit, offset int) ([]adminq.Item, int, error) {
	n := offset + limit
	profiles, nProfiles, err := p.App.WaitingInstructors(ctx, u, n, 0)
	if err != nil {
		return nil, 0, err
	}
	reviews, nReviews, err := p.App.ReportedReviews(ctx, u, n, 0)
	if err != nil {
		return nil, 0, err
	}
	base := strings.TrimRight(p.App.PublicURL(), "/")
	items := make([]adminq.Item, 0, len(profiles)+len(reviews))
	for _, pr := range profiles {
		items = append(items, adminq.Item{Kind: KindInstructor, ID: pr.UserID, Title: "Instructor to verify: " + pr.DisplayName,
			CreatedAt: pr.CreatedAt, URL: base + "/admin/instructors/" + url.PathEscape(pr.UserID)})
	}
	for _, v := range reviews {
		at := v.CreatedAt
		if v.Report != nil {
			at = v.Report.At
		}
		items = append(items, adminq.Item{Kind: KindReview, ID: v.ID, Title: "Reported review by " + v.StudentName,
			CreatedAt: at, URL: base + "/admin/reviews/" + url.PathEscape(v.ID)})
	}
	sort.SliceStable(items, func(i, j int) bool {
		if !items[i].CreatedAt.Equal(items[j].CreatedAt) {
			return items[i].CreatedAt.After(items[j].CreatedAt)
		}
		return items[i].ID < items[j].ID
	})
	if offset >= len(items) {
		return nil, nProfiles + nReviews, nil
	}
	return items[offset:min(len(items), offset+limit)], nProfiles + nReviews, nil
}
