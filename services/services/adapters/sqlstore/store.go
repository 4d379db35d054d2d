// Package sqlstore keeps the services directory's data in its own database (SQLite or
// PostgreSQL, the same SQL for both but word search, which sits behind one seam in
// search.go). A listing's review count and star total change by deltas under its row
// lock in each review's transaction, and one review per customer per provider is the
// table's unique key, so racing submissions leave exactly one.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/services/domain"
)

// querier is the kit's db.Querier under the short name this package's queries take.
type querier = db.Querier

type scanner interface{ Scan(dest ...any) error }

// Store is the services directory's repository.
type Store struct {
	db *db.DB
	tx *sql.Tx // set when bound to a caller's transaction
}

// New wraps the service's database.
func New(d *db.DB) *Store { return &Store{db: d} }

// WithTx returns the store working inside tx; its writes commit or roll back with it.
func (s *Store) WithTx(tx *sql.Tx) *Store { return &Store{db: s.db, tx: tx} }

// InTx runs fn with the store bound to one new transaction (or, when s is bound
// already, to its own); everything fn writes, e-mail included, commits together.
func (s *Store) InTx(ctx context.Context, fn func(st *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return fn(s.WithTx(tx)) })
}

// Tx is the transaction the store is bound to (nil when it is not), for the kit's
// audit trail, which writes in the action's transaction.
func (s *Store) Tx() *sql.Tx { return s.tx }

// EnqueueMail puts m in the kit's outbox; on a bound store it goes out only if the
// transaction commits.
func (s *Store) EnqueueMail(ctx context.Context, m mail.Message) error {
	return wrap("enqueue mail", "", outbox.Enqueue(ctx, s.q(), m))
}

// DB is the underlying database, for tests that count rows.
func (s *Store) DB() *db.DB { return s.db }

func (s *Store) q() querier { return s.scope().Q() }

// inTx runs fn in the bound transaction under a savepoint, or in a new one.
func (s *Store) inTx(ctx context.Context, fn func(q querier) error) error {
	return s.scope().InTx(ctx, fn)
}

func (s *Store) scope() db.Scope { return db.Scope{DB: s.db, Tx: s.tx} }

// wrap names the store operation and its subject in front of a failure (db.Wrap).
func wrap(op, subject string, err error) error { return db.Wrap("services store", op, subject, err) }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
	}
	return err
}

// oneRow turns "no row changed" into domain.ErrNotFound.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.ErrNotFound
	}
	return nil
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

// Audit records an admin's action in the kit's trail; on a bound store it commits
// with the action.
func (s *Store) Audit(ctx context.Context, e audit.Entry) error {
	_, err := audit.Record(ctx, s.q(), e)
	return err
}

// Trail reads what was done to a subject, newest first.
func (s *Store) Trail(ctx context.Context, kind, id string, limit int) ([]audit.Entry, error) {
	return audit.Trail(ctx, s.q(), audit.Subject{Kind: kind, ID: id}, limit)
}
