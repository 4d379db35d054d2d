package sqlstore

import (
	"context"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/services/domain"
)

// MarkBooked marks a day booked by hand; a day already booked stays as it is.
func (s *Store) MarkBooked(ctx context.Context, providerID string, day, now time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO provider_booked_days (provider_id, day, source, created_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id, day) DO NOTHING`,
		providerID, day.Format(domain.DayLayout), domain.BookedByHand, now.UTC())
	return wrap("mark booked", providerID, err)
}

// UnmarkBooked frees a day, whatever booked it (domain.ErrNotFound when it was free).
func (s *Store) UnmarkBooked(ctx context.Context, providerID string, day time.Time) error {
	res, err := s.q().ExecContext(ctx, `DELETE FROM provider_booked_days WHERE provider_id = $1 AND day = $2`,
		providerID, day.Format(domain.DayLayout))
	return wrap("unmark booked", providerID, oneRow(res, err))
}

// ReplaceImported puts days in place of the days the provider's last calendar import
// booked, in one transaction under the listing's lock; days marked by hand stay.
// It returns how many of days are booked by this import (those not booked by hand).
func (s *Store) ReplaceImported(ctx context.Context, providerID string, days []time.Time, now time.Time) (int, error) {
	n := 0
	err := s.inTx(ctx, func(q querier) error {
		if err := s.lockProvider(ctx, q, providerID); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM provider_booked_days WHERE provider_id = $1 AND source = $2`,
			providerID, domain.BookedFromFile); err != nil {
			return err
		}
		for _, d := range days {
			res, err := q.ExecContext(ctx, `INSERT INTO provider_booked_days (provider_id, day, source, created_at)
				VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id, day) DO NOTHING`,
				providerID, d.Format(domain.DayLayout), domain.BookedFromFile, now.UTC())
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err == nil {
				n += int(k)
			}
		}
		return nil
	})
	return n, wrap("replace imported days", providerID, notFound(err))
}

// BookedDays lists a provider's booked days from from (inclusive), in order, at most limit.
func (s *Store) BookedDays(ctx context.Context, providerID string, from time.Time, limit int) ([]domain.BookedDay, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT day, source FROM provider_booked_days WHERE provider_id = $1 AND day >= $2
		ORDER BY day LIMIT $3`, providerID, from.Format(domain.DayLayout), max(limit, 1))
	if err != nil {
		return nil, wrap("booked days", providerID, err)
	}
	defer rows.Close()
	out := []domain.BookedDay{}
	for rows.Next() {
		var day string
		var b domain.BookedDay
		if err := rows.Scan(&day, &b.Source); err != nil {
			return nil, wrap("booked days", providerID, err)
		}
		if b.Day, err = time.Parse(domain.DayLayout, day); err != nil {
			return nil, wrap("booked days", providerID, err)
		}
		out = append(out, b)
	}
	return out, wrap("booked days", providerID, rows.Err())
}

// IsBooked reports whether the provider marked day booked.
func (s *Store) IsBooked(ctx context.Context, providerID string, day time.Time) (bool, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM provider_booked_days WHERE provider_id = $1 AND day = $2`,
		providerID, day.Format(domain.DayLayout)).Scan(&n)
	return n > 0, wrap("is booked", providerID, err)
}

// freeOn is the search condition that keeps listings not booked on day.
func freeOn(a *db.Args, day time.Time) string {
	return "NOT EXISTS (SELECT 1 FROM provider_booked_days b WHERE b.provider_id = providers.id AND b.day = " +
		a.Add(day.Format(domain.DayLayout)) + ")"
}
