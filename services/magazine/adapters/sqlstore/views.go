package sqlstore

import (
	"context"
	"time"
)

// CountView counts one reading of an article by reader (a keyed hash) on day, once:
// a refresh, or a second reading the same day, finds its row and counts nothing. It
// reports whether this reading counted.
func (s *Store) CountView(ctx context.Context, articleID, reader, day string) (bool, error) {
	counted := false
	err := s.inTx(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, `INSERT INTO article_views (article_id, reader, day) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, articleID, reader, day)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		counted = true
		_, err = q.ExecContext(ctx, `UPDATE articles SET views = views + 1 WHERE id = $1`, articleID)
		return err
	})
	return counted, wrap("count view", articleID, err)
}

// ForgetViewsBefore drops the per-reader rows of days before day (the counts stay).
func (s *Store) ForgetViewsBefore(ctx context.Context, day string) error {
	_, err := s.q().ExecContext(ctx, `DELETE FROM article_views WHERE day < $1`, day)
	return wrap("forget views", day, err)
}

// Day is the calendar day (UTC) a view counts on.
func Day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
