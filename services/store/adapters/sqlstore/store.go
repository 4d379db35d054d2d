// Package sqlstore keeps the store service's data in its own database, SQLite or
// PostgreSQL, with one set of portable queries. Stock and discount uses are taken
// with conditional UPDATEs inside the checkout's transaction, rows locked in a fixed
// order (discount codes, then variants, each by id), so no concurrency oversells and
// no two checkouts deadlock. It persists what the use cases give it (ids, times)
// and answers with domain errors, each wrapped with its operation.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/store/domain"
)

// Store is the store service's database.
type Store struct {
	scope db.Scope // bound to a caller's transaction (a webhook's) by WithTx
}

// New wraps a migrated database.
func New(d *db.DB) *Store { return &Store{scope: db.Scope{DB: d}} }

// WithTx returns the store working inside tx; its writes commit or roll back with it.
func (s *Store) WithTx(tx *sql.Tx) *Store { return &Store{scope: db.Scope{DB: s.scope.DB, Tx: tx}} }

// InTx runs fn with the store bound to one new transaction: what fn writes through
// it, e-mail included, commits together or not at all. On a store already bound to
// a transaction fn runs inside that one, under a savepoint.
func (s *Store) InTx(ctx context.Context, fn func(st *Store) error) error {
	if s.scope.Tx != nil {
		return s.scope.InTx(ctx, func(db.Querier) error { return fn(s) })
	}
	return s.scope.DB.InTx(ctx, func(tx *sql.Tx) error { return fn(s.WithTx(tx)) })
}

// DB is the handle, for the kit pieces (idempotency, webhooks) that share it.
func (s *Store) DB() *db.DB { return s.scope.DB }

// EnqueueMail puts m in the kit's outbox. On a store bound to a transaction it is
// enqueued inside it, so it is sent only if what it announces commits.
func (s *Store) EnqueueMail(ctx context.Context, m mail.Message) error {
	return wrap("enqueue mail", strconv.Quote(m.Subject), outbox.Enqueue(ctx, s.q(), m))
}

func (s *Store) q() db.Querier { return s.scope.Q() }

// tx runs fn in the bound transaction under a savepoint, or in a new one.
func (s *Store) tx(ctx context.Context, fn func(q db.Querier) error) error {
	return s.scope.InTx(ctx, fn)
}

func (s *Store) dialect() db.Dialect { return s.scope.DB.Dialect }

// wrap names the store operation and its subject in front of a failure (db.Wrap).
func wrap(op, subject string, err error) error { return db.Wrap("store store", op, subject, err) }

// notFound turns sql.ErrNoRows into domain.ErrNotFound.
func notFound(err error) error { return db.NoRows(err, domain.ErrNotFound) }

// oneRow reports domain.ErrNotFound when a write touched no row.
func oneRow(res sql.Result, err error) error { return db.OneRow(res, err, domain.ErrNotFound) }

// unique turns a unique-key conflict into domain.ErrDuplicate.
func unique(err error) error { return db.Unique(err, domain.ErrDuplicate) }

type scanner interface{ Scan(...any) error }

// jsonText encodes v for a TEXT column; the values stored are the store's own
// types, which always encode.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fromJSON decodes a TEXT column written by jsonText; "" leaves v as it is.
func fromJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

func count(ctx context.Context, q db.Querier, query string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}
