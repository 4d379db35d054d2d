// Package sqlstore keeps the restaurants service's data in its own database, SQLite or
// PostgreSQL, with one set of portable queries. It persists what the use cases give
// it (ids, times) and answers with domain errors, each wrapped with its operation.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"stepperslife/internal/kit/db"
	"stepperslife/services/restaurants/domain"
)

// Store is the restaurants service's database.
type Store struct {
	db *db.DB
	tx *sql.Tx // set when bound to a caller's transaction (a webhook's)
}

// New wraps a migrated database.
func New(d *db.DB) *Store { return &Store{db: d} }

// WithTx returns the store working inside tx; its writes commit or roll back with it.
func (s *Store) WithTx(tx *sql.Tx) *Store { return &Store{db: s.db, tx: tx} }

// DB is the handle, for the kit pieces (idempotency, webhooks) that share it.
func (s *Store) DB() *db.DB { return s.db }

// querier is what both *sql.DB and *sql.Tx offer, so one query serves either.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q is the bound transaction, or the database.
func (s *Store) q() querier {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// inTx runs fn in the bound transaction, or in a new one. Inside a bound transaction
// fn runs under a savepoint: when fn fails, its own writes are undone while the
// caller's transaction goes on.
func (s *Store) inTx(ctx context.Context, fn func(q querier) error) error {
	if s.tx == nil {
		return s.db.InTx(ctx, func(tx *sql.Tx) error { return fn(tx) })
	}
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

// wrap names the operation that met err ("restaurants store: place order ord_…: …"),
// so a log line says where it came from; sentinel domain errors stay matchable with
// errors.Is. A nil err stays nil.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("restaurants store: %s: %w", fmt.Sprintf(format, args...), err)
}

// notFound turns sql.ErrNoRows into domain.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
	}
	return err
}

// oneRow reports domain.ErrNotFound when a write touched no row.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// likeWord is a LIKE pattern matching w anywhere, with LIKE's wildcards escaped.
func likeWord(w string) string {
	w = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(w))
	return "%" + w + "%"
}

// anys turns string-typed values (statuses) into query arguments, for db.Args.List.
func anys[T ~string](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
