// Package sqlstore keeps the classes service's data in its own database (SQLite or
// PostgreSQL, the same SQL for both). Every change to a class's seats runs under the
// class row's lock, taken first (then sessions in start order, then enrolments), and
// takes seats with conditional UPDATEs, so no session ever seats more people than it
// has seats and the waitlist moves in one strict order.
package sqlstore

import (
	"context"
	"database/sql"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/classes/domain"
)

// querier is the kit's db.Querier under the short name this package's queries take.
type querier = db.Querier

type scanner interface{ Scan(dest ...any) error }

// Store is the classes service's repository.
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

// lockClass takes the class row's lock for the rest of the transaction: every change
// to a class's seats or line takes it first. SQLite's write transactions are serial
// already (they begin IMMEDIATE).
func (s *Store) lockClass(ctx context.Context, q querier, classID string) error {
	_, err := s.lockedClass(ctx, q, classID)
	return err
}

// lockedClass takes the class row's lock (lockClass) and reads the class in the same
// round trip.
func (s *Store) lockedClass(ctx context.Context, q querier, classID string) (domain.Class, error) {
	lock := ""
	if s.db.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	c, err := scanClass(q.QueryRowContext(ctx, `SELECT `+classCols+` FROM classes WHERE id = $1`+lock, classID))
	return c, notFound(err)
}

// lockedClassWaiting is lockedClass that also tells, in the same round trip,
// whether anyone waits in the class's line: an enrolment with nobody in line has no
// one to seat first or after.
func (s *Store) lockedClassWaiting(ctx context.Context, q querier, classID string) (domain.Class, bool, error) {
	lock := ""
	if s.db.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	var waiting bool
	row := q.QueryRowContext(ctx, `SELECT `+classCols+`, EXISTS (SELECT 1 FROM enrollments
		WHERE enrollments.class_id = classes.id AND enrollments.status = $2) FROM classes WHERE id = $1`+lock,
		classID, string(domain.EnrollWaitlisted))
	c, err := scanClass(tail{row, []any{&waiting}})
	return c, waiting, notFound(err)
}

// tail scans one more column after those its reader names.
type tail struct {
	r     scanner
	extra []any
}

func (t tail) Scan(dest ...any) error { return t.r.Scan(append(dest, t.extra...)...) }

// wrap names the store operation and its subject in front of a failure (db.Wrap).
func wrap(op, subject string, err error) error { return db.Wrap("classes store", op, subject, err) }

// notFound turns sql.ErrNoRows into domain.ErrNotFound.
func notFound(err error) error { return db.NoRows(err, domain.ErrNotFound) }

// oneRow reports domain.ErrNotFound when a write touched no row.
func oneRow(res sql.Result, err error) error { return db.OneRow(res, err, domain.ErrNotFound) }

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// ids answers the one text column query selects.
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	return db.IDs(ctx, s.q(), query, args...)
}

func anyStrings(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
