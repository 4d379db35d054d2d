// Package sqlstore keeps the restaurants service's data in its own database, SQLite or
// PostgreSQL, with one set of portable queries. It persists what the use cases give
// it (ids, times) and answers with domain errors, each wrapped with its operation.
package sqlstore

import (
	"database/sql"

	"stepperslife/internal/kit/db"
	"stepperslife/services/restaurants/domain"
)

// Store is the restaurants service's database.
type Store struct {
	scope db.Scope // bound to a caller's transaction (a webhook's) by WithTx
}

// New wraps a migrated database.
func New(d *db.DB) *Store { return &Store{scope: db.Scope{DB: d}} }

// WithTx returns the store working inside tx; its writes commit or roll back with it.
func (s *Store) WithTx(tx *sql.Tx) *Store { return &Store{scope: db.Scope{DB: s.scope.DB, Tx: tx}} }

// DB is the handle, for the kit pieces (idempotency, webhooks) that share it.
func (s *Store) DB() *db.DB { return s.scope.DB }

// wrap names the store operation and its subject in front of a failure (db.Wrap).
func wrap(op, subject string, err error) error { return db.Wrap("restaurants store", op, subject, err) }

// notFound turns sql.ErrNoRows into domain.ErrNotFound.
func notFound(err error) error { return db.NoRows(err, domain.ErrNotFound) }

// oneRow reports domain.ErrNotFound when a write touched no row.
func oneRow(res sql.Result, err error) error { return db.OneRow(res, err, domain.ErrNotFound) }
