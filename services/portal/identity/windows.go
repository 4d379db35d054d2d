package identity

import (
	"context"
	"database/sql"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/ratelimit"
)

// window is one limit: at most a number of events per key within any sliding window.
// Allow records an event when there is room, otherwise records nothing and says how
// long until the oldest event leaves the window; Blocked asks the same without
// recording.
type window interface {
	Allow(ctx context.Context, key string) (ok bool, retryAfter time.Duration, err error)
	Blocked(ctx context.Context, key string) (blocked bool, retryAfter time.Duration, err error)
	Reset(ctx context.Context, key string) error
}

// memWindow is a limit kept in this process: enough for one portal on SQLite.
type memWindow struct{ l *ratelimit.Limiter }

func (m memWindow) Allow(_ context.Context, key string) (bool, time.Duration, error) {
	ok, retry := m.l.Allow(key)
	return ok, retry, nil
}

func (m memWindow) Blocked(_ context.Context, key string) (bool, time.Duration, error) {
	blocked, retry := m.l.Blocked(key)
	return blocked, retry, nil
}

func (m memWindow) Reset(_ context.Context, key string) error {
	m.l.Reset(key)
	return nil
}

// dbWindow is a limit kept in the portal's database, so every replica counts the
// same events: the same sliding window as memWindow, one row per event.
type dbWindow struct {
	d      *db.DB
	name   string
	limit  int
	window time.Duration
	now    func() time.Time
}

func newDBWindow(d *db.DB, name string, limit int, window time.Duration) *dbWindow {
	return &dbWindow{d: d, name: name, limit: max(limit, 1), window: window, now: time.Now}
}

// Allow counts and records in one transaction. The upsert locks the key's row until
// commit, so two replicas counting the same key take turns and never both take the
// last place.
func (w *dbWindow) Allow(ctx context.Context, key string) (ok bool, retry time.Duration, err error) {
	now := w.now()
	err = w.d.InTx(ctx, func(tx *sql.Tx) error {
		ok, retry = false, 0
		if w.d.Dialect == db.Postgres {
			// A counted attempt lost in a crash costs nothing worth a disk flush; not
			// waiting for one keeps the count cheap beside the password hash.
			if _, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rate_limit_keys (limit_name, subject) VALUES ($1, $2)
			ON CONFLICT (limit_name, subject) DO UPDATE SET subject = excluded.subject`, w.name, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rate_limit_events
			WHERE limit_name = $1 AND subject = $2 AND at_us <= $3`, w.name, key, w.cutoff(now)); err != nil {
			return err
		}
		blocked, r, err := w.count(ctx, tx, key, now)
		if err != nil || blocked {
			retry = r
			return err
		}
		ok = true
		_, err = tx.ExecContext(ctx, `INSERT INTO rate_limit_events (limit_name, subject, at_us) VALUES ($1, $2, $3)`,
			w.name, key, now.UnixMicro())
		return err
	})
	if err != nil {
		return false, 0, err
	}
	return ok, retry, nil
}

func (w *dbWindow) Blocked(ctx context.Context, key string) (bool, time.Duration, error) {
	return w.count(ctx, w.d, key, w.now())
}

func (w *dbWindow) Reset(ctx context.Context, key string) error {
	_, err := w.d.ExecContext(ctx, `DELETE FROM rate_limit_events WHERE limit_name = $1 AND subject = $2`, w.name, key)
	return err
}

// purge drops this limit's events that left the window and the keys left without
// events; each key is also trimmed whenever it is counted again.
func (w *dbWindow) purge(ctx context.Context) error {
	if _, err := w.d.ExecContext(ctx, `DELETE FROM rate_limit_events WHERE limit_name = $1 AND at_us <= $2`,
		w.name, w.cutoff(w.now())); err != nil {
		return err
	}
	_, err := w.d.ExecContext(ctx, `DELETE FROM rate_limit_keys WHERE limit_name = $1 AND NOT EXISTS (
		SELECT 1 FROM rate_limit_events e WHERE e.limit_name = rate_limit_keys.limit_name AND e.subject = rate_limit_keys.subject)`, w.name)
	return err
}

func (w *dbWindow) cutoff(now time.Time) int64 { return now.Add(-w.window).UnixMicro() }

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// count says whether key's events inside the window fill the limit, and if so how
// long until the oldest leaves it.
func (w *dbWindow) count(ctx context.Context, q querier, key string, now time.Time) (bool, time.Duration, error) {
	var n int
	var oldest int64
	err := q.QueryRowContext(ctx, `SELECT count(*), COALESCE(min(at_us), 0) FROM rate_limit_events
		WHERE limit_name = $1 AND subject = $2 AND at_us > $3`, w.name, key, w.cutoff(now)).Scan(&n, &oldest)
	if err != nil || n < w.limit {
		return false, 0, err
	}
	return true, time.UnixMicro(oldest).Add(w.window).Sub(now), nil
}
