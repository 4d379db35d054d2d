package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/services/domain"
)

// Extras is the storage of favourites, page views and what the dashboard draws
// from reviews.
type Extras interface {
	AddFavourite(ctx context.Context, customerID, providerID string, now time.Time) error
	RemoveFavourite(ctx context.Context, customerID, providerID string) error
	IsFavourite(ctx context.Context, customerID, providerID string) (bool, error)
	Favourites(ctx context.Context, customerID string, limit, offset int) ([]domain.Provider, int, error)
	CountView(ctx context.Context, providerID string, day time.Time) error
	ViewsSince(ctx context.Context, providerID string, day time.Time) (int, error)
	RatingsSince(ctx context.Context, providerID string, since time.Time) ([]domain.Review, error)
}

// trendMonths is how many months the dashboard's rating trend shows.
const trendMonths = 6

// Save keeps an APPROVED listing among u's favourites.
func (s *Service) Save(ctx context.Context, u *auth.User, slugOrID string) error {
	v, err := s.Public(ctx, u, slugOrID)
	if err != nil {
		return err
	}
	if v.Status != domain.ProviderApproved {
		return errProviderNotFound
	}
	return s.store.AddFavourite(ctx, u.ID, v.ID, s.Now())
}

// Unsave forgets a favourite.
func (s *Service) Unsave(ctx context.Context, u *auth.User, providerID string) error {
	return s.store.RemoveFavourite(ctx, u.ID, providerID)
}

// Saved reports whether u keeps the listing among their favourites.
func (s *Service) Saved(ctx context.Context, u *auth.User, providerID string) (bool, error) {
	if u == nil {
		return false, nil
	}
	return s.store.IsFavourite(ctx, u.ID, providerID)
}

// Favourites lists u's saved listings, the latest first.
func (s *Service) Favourites(ctx context.Context, u *auth.User, limit, offset int) ([]domain.Provider, int, error) {
	return s.store.Favourites(ctx, u.ID, limit, offset)
}

// Viewed counts a visit of a listing's page by anyone but its owner and admins. A
// failure to count is logged, never shown: the visitor came for the page.
func (s *Service) Viewed(ctx context.Context, u *auth.User, p domain.Provider) {
	if p.Status != domain.ProviderApproved || (u != nil && (p.IsOwner(u.ID, u.VerifiedEmail()) || isAdmin(u))) {
		return
	}
	if err := s.store.CountView(ctx, p.ID, domain.Today(s.Now())); err != nil {
		s.log.Warn("services: a page view was not counted", "provider", p.ID, "err", err)
	}
}

// ViewedListing counts a visit of the listing slugOrID names, as Viewed, when the
// page shown came from the cache and the listing itself was not read.
func (s *Service) ViewedListing(ctx context.Context, u *auth.User, slugOrID string) {
	p, err := s.find(ctx, slugOrID)
	if err != nil {
		return // not a listing: nothing was seen
	}
	s.Viewed(ctx, u, p)
}

// Stats are what the dashboard shows of a listing beyond its inbox.
type Stats struct {
	Views30 int // page views in the last 30 days
	Trend   []domain.MonthRating
}

// ListingStats are a listing's views and rating trend, for its owner and admins.
func (s *Service) ListingStats(ctx context.Context, u *auth.User, providerID string) (Stats, error) {
	p, err := s.owned(ctx, u, providerID)
	if err != nil {
		return Stats{}, err
	}
	now := s.Now()
	views, err := s.store.ViewsSince(ctx, p.ID, domain.Today(now).AddDate(0, 0, -29))
	if err != nil {
		return Stats{}, err
	}
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(trendMonths - 1), 0)
	rs, err := s.store.RatingsSince(ctx, p.ID, first)
	if err != nil {
		return Stats{}, err
	}
	return Stats{Views30: views, Trend: domain.RatingTrend(rs, now, trendMonths)}, nil
}
