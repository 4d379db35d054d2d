// Package sqlstore keeps the magazine service's data in its own database (SQLite or
// PostgreSQL, the same SQL for both). Every change to an article is a conditional
// UPDATE on the version the caller read, so two editors never overwrite each other
// silently, and a scheduled article is published by the one UPDATE that finds it
// still due.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/services/magazine/domain"
)

type querier = db.Querier

type scanner interface{ Scan(dest ...any) error }

// Store is the magazine service's repository.
type Store struct {
	db *db.DB
	tx *sql.Tx // set when bound to a caller's transaction
}

// New wraps the service's database.
func New(d *db.DB) *Store { return &Store{db: d} }

// WithTx returns the store working inside tx; its writes commit or roll back with it.
func (s *Store) WithTx(tx *sql.Tx) *Store { return &Store{db: s.db, tx: tx} }

// InTx runs fn with the store bound to one new transaction (or, when s is bound
// already, to its own); everything fn writes, the audit trail included, commits
// together.
func (s *Store) InTx(ctx context.Context, fn func(st *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return fn(s.WithTx(tx)) })
}

// DB is the underlying database, for tests that count rows.
func (s *Store) DB() *db.DB { return s.db }

// Record writes e in the kit's audit trail, in the bound transaction.
func (s *Store) Record(ctx context.Context, e audit.Entry) error {
	_, err := audit.Record(ctx, s.q(), e)
	return err
}

// Trail is what was done to an article, newest first.
func (s *Store) Trail(ctx context.Context, articleID string, limit int) ([]audit.Entry, error) {
	return audit.Trail(ctx, s.q(), audit.Subject{Kind: "article", ID: articleID}, limit)
}

// TrailOf is what was done to one subject of kind ("legend", "memory"), newest first.
func (s *Store) TrailOf(ctx context.Context, kind, id string, limit int) ([]audit.Entry, error) {
	return audit.Trail(ctx, s.q(), audit.Subject{Kind: kind, ID: id}, limit)
}

func (s *Store) q() querier { return s.scope().Q() }

func (s *Store) inTx(ctx context.Context, fn func(q querier) error) error {
	return s.scope().InTx(ctx, fn)
}

func (s *Store) scope() db.Scope { return db.Scope{DB: s.db, Tx: s.tx} }

// wrap names the store operation and its subject in front of a failure (db.Wrap).
func wrap(op, subject string, err error) error { return db.Wrap("magazine store", op, subject, err) }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
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

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func lines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}
