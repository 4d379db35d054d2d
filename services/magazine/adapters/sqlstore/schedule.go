package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/audit"
)

// Due lists the ids of SUBMITTED articles an editor scheduled for now or earlier,
// oldest first, at most limit.
func (s *Store) Due(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT id FROM articles WHERE status = 'SUBMITTED' AND publish_at IS NOT NULL
		AND publish_at <= $1 ORDER BY publish_at, id LIMIT $2`, now.UTC(), max(limit, 1))
	if err != nil {
		return nil, wrap("due articles", "", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("due articles", "", err)
		}
		ids = append(ids, id)
	}
	return ids, wrap("due articles", "", rows.Err())
}

// PublishDue publishes article id if it is still SUBMITTED and due at now, and
// records it in the audit trail in the same transaction, in the name of the editor
// who scheduled it. The conditional UPDATE is the claim: of any number of publishers
// racing (or one retrying after a crash), exactly one changes the row and reports
// true; the others find nothing due and report false.
func (s *Store) PublishDue(ctx context.Context, id string, now time.Time) (bool, error) {
	published := false
	err := s.InTx(ctx, func(st *Store) error {
		var byID, byEmail string
		err := st.q().QueryRowContext(ctx, `SELECT scheduled_by_id, scheduled_by_email FROM articles WHERE id = $1`, id).
			Scan(&byID, &byEmail)
		if err != nil {
			return notFound(err)
		}
		res, err := st.q().ExecContext(ctx, `UPDATE articles SET status = 'PUBLISHED',
			published_at = COALESCE(published_at, $2), publish_at = NULL, notes = '', updated_at = $2, version = version + 1
			WHERE id = $1 AND status = 'SUBMITTED' AND publish_at IS NOT NULL AND publish_at <= $2`, id, now.UTC())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		published = true
		if byID == "" {
			byID = "scheduler"
		}
		return st.Record(ctx, audit.Entry{At: now, Actor: audit.Actor{ID: byID, Email: byEmail}, Action: "publish",
			Subject: audit.Subject{Kind: "article", ID: id}, Detail: "scheduled"})
	})
	return published, wrap("publish due", id, err)
}

// NextDue is when the soonest scheduled article falls due, or nil when none waits.
func (s *Store) NextDue(ctx context.Context) (*time.Time, error) {
	var at sql.NullTime
	err := s.q().QueryRowContext(ctx, `SELECT publish_at FROM articles WHERE status = 'SUBMITTED' AND publish_at IS NOT NULL
		ORDER BY publish_at LIMIT 1`).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return timePtr(at), wrap("next due", "", err)
}
