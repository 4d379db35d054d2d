// Package sqlstore keeps the events service's data in its own database (SQLite or
// PostgreSQL, the same SQL for both). Seats and discount uses are taken with
// conditional UPDATEs inside the purchase transaction, so no concurrency oversells.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is the events service's repository.
type Store struct {
	db *db.DB
	tx *sql.Tx // set when bound to a caller's transaction (a webhook's)
}

// New wraps the service's database.
func New(d *db.DB) *Store { return &Store{db: d} }

// WithTx returns the store working inside tx; its writes commit or roll back with it.
func (s *Store) WithTx(tx *sql.Tx) *Store { return &Store{db: s.db, tx: tx} }

func (s *Store) q() querier {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// inTx runs fn in the bound transaction, or in a new one. Inside a bound transaction
// fn runs under a savepoint: when fn fails, its own writes are undone while the
// caller's transaction goes on (a webhook that refunds a late payment still commits,
// and must not commit half a ReviveOrder with it).
func (s *Store) inTx(ctx context.Context, fn func(q querier) error) error {
	if s.tx != nil {
		if _, err := s.tx.ExecContext(ctx, `SAVEPOINT store_op`); err != nil {
			return err
		}
		if err := fn(s.tx); err != nil {
			if _, rerr := s.tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT store_op`); rerr != nil {
				return errors.Join(err, rerr)
			}
			_, _ = s.tx.ExecContext(ctx, `RELEASE SAVEPOINT store_op`)
			return err
		}
		_, err := s.tx.ExecContext(ctx, `RELEASE SAVEPOINT store_op`)
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return fn(tx) })
}

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = domain.ErrNotFound

// wrap names the store operation and its subject in front of a failure, as
// io/fs.PathError does, so a logged error says where it came from; errors.Is and
// errors.As still reach the cause. A nil err stays nil.
func wrap(op, subject string, err error) error {
	if err == nil {
		return nil
	}
	if subject == "" {
		return fmt.Errorf("events store: %s: %w", op, err)
	}
	return fmt.Errorf("events store: %s %s: %w", op, subject, err)
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func timePtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// DB is the underlying database, for tests and benchmarks that count rows.
func (s *Store) DB() *db.DB { return s.db }
