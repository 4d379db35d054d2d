package sqlstore

import (
	"context"
	"strings"
	"time"

	"stepperslife/services/services/domain"
)

// AddFavourite saves a listing for a customer; saving it twice is once.
func (s *Store) AddFavourite(ctx context.Context, customerID, providerID string, now time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO favourites (customer_id, provider_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (customer_id, provider_id) DO NOTHING`, customerID, providerID, now.UTC())
	return wrap("add favourite", providerID, err)
}

// RemoveFavourite forgets a saved listing (nothing to forget is no error).
func (s *Store) RemoveFavourite(ctx context.Context, customerID, providerID string) error {
	_, err := s.q().ExecContext(ctx, `DELETE FROM favourites WHERE customer_id = $1 AND provider_id = $2`, customerID, providerID)
	return wrap("remove favourite", providerID, err)
}

// IsFavourite reports whether the customer saved the listing.
func (s *Store) IsFavourite(ctx context.Context, customerID, providerID string) (bool, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM favourites WHERE customer_id = $1 AND provider_id = $2`,
		customerID, providerID).Scan(&n)
	return n > 0, wrap("is favourite", providerID, err)
}

// Favourites lists the APPROVED listings a customer saved, the latest saved first,
// with their total.
func (s *Store) Favourites(ctx context.Context, customerID string, limit, offset int) ([]domain.Provider, int, error) {
	const from = ` FROM favourites f JOIN providers ON providers.id = f.provider_id WHERE f.customer_id = $1 AND providers.status = $2`
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*)`+from, customerID, string(domain.ProviderApproved)).Scan(&total); err != nil {
		return nil, 0, wrap("count favourites", customerID, err)
	}
	ps, err := s.providers(ctx, `SELECT `+qualified(providerCols)+from+` ORDER BY f.created_at DESC, providers.id LIMIT $3 OFFSET $4`,
		customerID, string(domain.ProviderApproved), max(limit, 1), max(offset, 0))
	return ps, total, wrap("favourites", customerID, err)
}

// CountView adds one to a listing's views of day.
func (s *Store) CountView(ctx context.Context, providerID string, day time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO provider_views (provider_id, day, views) VALUES ($1, $2, 1)
		ON CONFLICT (provider_id, day) DO UPDATE SET views = provider_views.views + 1`, providerID, day.Format(domain.DayLayout))
	return wrap("count view", providerID, err)
}

// ViewsSince is how many times the listing's page was opened from day on.
func (s *Store) ViewsSince(ctx context.Context, providerID string, day time.Time) (int, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COALESCE(SUM(views), 0) FROM provider_views WHERE provider_id = $1 AND day >= $2`,
		providerID, day.Format(domain.DayLayout)).Scan(&n)
	return n, wrap("views since", providerID, err)
}

// RatingsSince lists the shown reviews' stars and times from since on, oldest first,
// for the rating trend.
func (s *Store) RatingsSince(ctx context.Context, providerID string, since time.Time) ([]domain.Review, error) {
	rs, err := s.reviews(ctx, `SELECT `+reviewCols+` FROM reviews WHERE provider_id = $1 AND status = $2 AND created_at >= $3
		ORDER BY created_at, id`, providerID, string(domain.ReviewVisible), since.UTC())
	return rs, wrap("ratings since", providerID, err)
}

// qualified names each of cols as the providers table's, for queries that join
// tables with columns of the same names.
func qualified(cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = "providers." + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
