package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Querier is what both *sql.DB and *sql.Tx offer, so one query serves either.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Scope is where a store's statements run: in its own database, or inside a
// caller's transaction (a payment webhook's) when Tx is set, so they commit or roll
// back with it.
type Scope struct {
	DB *DB
	Tx *sql.Tx
}

// Q is the bound transaction, or the database.
func (s Scope) Q() Querier {
	if s.Tx != nil {
		return s.Tx
	}
	return s.DB
}

// InTx runs fn in a new transaction, or inside the bound one under a savepoint.
// The savepoint is what lets a bound caller go on after fn fails: fn's own writes
// are undone while the caller's transaction still commits (a webhook that refunds
// a late payment commits its record of the event, and must not commit half of the
// operation that failed with it).
func (s Scope) InTx(ctx context.Context, fn func(q Querier) error) error {
	if s.Tx == nil {
		return s.DB.InTx(ctx, func(tx *sql.Tx) error { return fn(tx) })
	}
	if _, err := s.Tx.ExecContext(ctx, `SAVEPOINT store_op`); err != nil {
		return err
	}
	if err := fn(s.Tx); err != nil {
		if _, rerr := s.Tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT store_op`); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, _ = s.Tx.ExecContext(ctx, `RELEASE SAVEPOINT store_op`)
		return err
	}
	_, err := s.Tx.ExecContext(ctx, `RELEASE SAVEPOINT store_op`)
	return err
}

// Wrap names the store, operation and subject in front of a failure, as
// io/fs.PathError does ("events store: place order ord_1: …"), so a logged error says
// where it came from; errors.Is and errors.As still reach the cause. The subject may
// be empty. A nil err stays nil.
func Wrap(store, op, subject string, err error) error {
	if err == nil {
		return nil
	}
	if subject == "" {
		return fmt.Errorf("%s: %s: %w", store, op, err)
	}
	return fmt.Errorf("%s: %s %s: %w", store, op, subject, err)
}

// LikePattern is a LIKE pattern matching s anywhere, with LIKE's own wildcards in s
// escaped by a backslash; the query says ESCAPE '\' so both databases read it so.
func LikePattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// Strings turns string-typed values (statuses, ids) into query arguments of plain
// string type, which every driver takes, for Args.List.
func Strings[T ~string](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
