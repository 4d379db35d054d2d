// Package portalfeed offers the classes service's content to the portal: classes open
// for enrolment, search, and the signed-in student's places and places in line.
package portalfeed

import (
	"context"
	"fmt"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

// Provider implements kit/feed.Provider.
type Provider struct {
	App *app.Service
}

var _ feed.Provider = (*Provider)(nil)

// Feed lists published classes, soonest first.
func (p *Provider) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	return p.search(ctx, "", limit)
}

// Search lists published classes matching q.
func (p *Provider) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	return p.search(ctx, q, limit)
}

func (p *Provider) search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	if p.App == nil {
		return nil, nil
	}
	vs, _, err := p.App.PublicClasses(ctx, domain.ClassFilter{Q: q, Limit: limit})
	if err != nil {
		return nil, err
	}
	now := p.App.Now()
	out := make([]feed.Item, 0, len(vs))
	for _, v := range vs {
		price := v.PriceCents
		it := feed.Item{ID: v.ID, Kind: "class", Slug: v.Slug, Title: v.Title, Summary: summary(v),
			URL: p.App.ClassURL(v.Slug), ImageURL: p.App.ImageURL(v.CoverKey), PriceCents: &price, Currency: "usd",
			Place: v.Venue}
		if v.Status != domain.ClassPublished {
			it.Status = string(v.Status) // a listed class is published; say only what is news
		}
		if next := domain.UpcomingOf(v.Sessions, now); len(next) > 0 {
			starts := next[0].StartsAt
			it.StartsAt = &starts
		}
		out = append(out, it)
	}
	return out, nil
}

func summary(v app.ClassView) string {
	s := fmt.Sprintf("%d-week %s class with %s", len(v.Sessions), words(v.Style), v.InstructorName)
	if len(v.Sessions) == 1 {
		s = fmt.Sprintf("%s class with %s", words(v.Style), v.InstructorName)
	}
	if v.Waiting > 0 {
		s += fmt.Sprintf(" · %d on the waitlist", v.Waiting)
	}
	return s
}

var styleWords = map[string]string{"STEPPIN": "Steppin", "WALKIN": "Walkin", "LINE_DANCE": "Line dance",
	"HAND_DANCE": "Hand dance", "FOOTWORK": "Footwork", "OTHER": "Dance"}

func words(style string) string {
	if w, ok := styleWords[style]; ok {
		return w
	}
	return "Dance"
}

// Activity lists the student's places and places in line, newest first.
func (p *Provider) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	if p.App == nil {
		return nil, nil
	}
	vs, _, err := p.App.MyEnrollments(ctx, u, limit, 0)
	if err != nil {
		return nil, err
	}
	out := make([]feed.Item, 0, len(vs))
	for _, v := range vs {
		amount := v.AmountCents
		it := feed.Item{ID: v.ID, Kind: "enrollment", Slug: v.Class.Slug, Title: v.Class.Title,
			URL: p.App.PublicURL() + "/enrollments/" + v.ID, PriceCents: &amount, Currency: "usd",
			Status: string(v.Status), Place: v.Class.Venue, Summary: "Whole series"}
		if v.Kind == domain.KindDropIn {
			it.Summary = "Drop-in"
		}
		if v.Status == domain.EnrollWaitlisted {
			it.Summary = fmt.Sprintf("Waitlist position %d", v.Position)
		}
		if len(v.Sessions) > 0 {
			starts := v.Sessions[0].StartsAt
			it.StartsAt = &starts
		}
		out = append(out, it)
	}
	return out, nil
}
