package sqlstore

import (
	"context"
	"database/sql"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

const tierCols = `id, event_id, name, price_cents, capacity, sold, sales_start, sales_end, max_per_order, created_at`

func scanTier(r scanner) (domain.Tier, error) {
	var t domain.Tier
	var start, end sql.NullTime
	err := r.Scan(&t.ID, &t.EventID, &t.Name, &t.PriceCents, &t.Capacity, &t.Sold, &start, &end, &t.MaxPerOrder, &t.CreatedAt)
	t.SalesStart, t.SalesEnd, t.CreatedAt = db.TimeOf(start), db.TimeOf(end), t.CreatedAt.UTC()
	return t, err
}

// CreateTier stores a new tier.
func (s *Store) CreateTier(ctx context.Context, t domain.Tier) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO tiers (`+tierCols+`) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9)`,
		t.ID, t.EventID, t.Name, t.PriceCents, t.Capacity, db.NullTime(t.SalesStart), db.NullTime(t.SalesEnd), t.MaxPerOrder, t.CreatedAt.UTC())
	return wrap("create tier", t.ID, err)
}

// TiersOf lists an event's tiers in the order they were added.
func (s *Store) TiersOf(ctx context.Context, eventID string) ([]domain.Tier, error) {
	ts, err := s.tiers(ctx, `SELECT `+tierCols+` FROM tiers WHERE event_id = $1 ORDER BY created_at, id`, eventID)
	return ts, wrap("tiers of event", eventID, err)
}

// TiersOfEvents lists the tiers of several events, by event id.
func (s *Store) TiersOfEvents(ctx context.Context, eventIDs []string) (map[string][]domain.Tier, error) {
	out := map[string][]domain.Tier{}
	if len(eventIDs) == 0 {
		return out, nil
	}
	var a db.Args
	ids := make([]any, len(eventIDs))
	for i, id := range eventIDs {
		ids[i] = id
	}
	ts, err := s.tiers(ctx, `SELECT `+tierCols+` FROM tiers WHERE event_id IN (`+a.List(ids...)+`) ORDER BY created_at, id`, a.Values()...)
	if err != nil {
		return nil, wrap("tiers of events", "", err)
	}
	for _, t := range ts {
		out[t.EventID] = append(out[t.EventID], t)
	}
	return out, nil
}

func (s *Store) tiers(ctx context.Context, query string, args ...any) ([]domain.Tier, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Tier
	for rows.Next() {
		t, err := scanTier(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
