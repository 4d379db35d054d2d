// Package sqlstore keeps the events service's data in its own database (SQLite or
// PostgreSQL, the same SQL for both). Seats and discount uses are taken with
// conditional UPDATEs inside the purchase transaction, so no concurrency oversells.
package sqlstore

import (
	"context"
	"database/sql"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

// querier is the kit's db.Querier under the short name this package's queries take.
type querier = db.Querier

// Store is the events service's repository.
type Store struct {
	db *db.DB
	tx *sql.Tx // set when bound to a caller's transaction (a webhook's)
}

// New wraps the service's database.
func New(d *db.DB) *Store { return &Store{db: d} }

// WithTx returns the store working inside tx; its writes commit or roll back with it.
func (s *Store) WithTx(tx *sql.Tx) *Store { return &Store{db: s.db, tx: tx} }

// q is the bound transaction, or the database.
func (s *Store) q() querier { return s.scope().Q() }

// inTx runs fn in the bound transaction under a savepoint, or in a new one (see
// db.Scope.InTx): a webhook that refunds a late payment still commits, and must not
// commit half a ReviveOrder with it.
func (s *Store) inTx(ctx context.Context, fn func(q querier) error) error {
	return s.scope().InTx(ctx, fn)
}

func (s *Store) scope() db.Scope { return db.Scope{DB: s.db, Tx: s.tx} }

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = domain.ErrNotFound

// wrap names the store operation and its subject in front of a failure (db.Wrap).
func wrap(op, subject string, err error) error { return db.Wrap("events store", op, subject, err) }

// notFound turns sql.ErrNoRows into domain.ErrNotFound.
func notFound(err error) error { return db.NoRows(err, ErrNotFound) }

// DB is the underlying database, for tests and benchmarks that count rows.
func (s *Store) DB() *db.DB { return s.db }
