// Package sqlstore keeps the restaurants service's data in its own database, SQLite or
// PostgreSQL, with one set of portable queries.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/errs"
)

// Store is the restaurants service's database.
type Store struct {
	db *db.DB
}

// New wraps a migrated database.
func New(d *db.DB) *Store { return &Store{db: d} }

// DB is the handle, for the kit pieces (idempotency, webhooks) that share it.
func (s *Store) DB() *db.DB { return s.db }

// querier is what both *sql.DB and *sql.Tx offer, so one query serves either.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// NewID makes an opaque id with a readable prefix.
func NewID(prefix string) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return prefix + "_" + hex.EncodeToString(b[:])
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// notFound turns sql.ErrNoRows into the contract's NOT_FOUND.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFound(what)
	}
	return err
}

// likeWord is a LIKE pattern matching w anywhere, with LIKE's wildcards escaped.
func likeWord(w string) string {
	w = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(w))
	return "%" + w + "%"
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$")
		b.WriteString(itoa(from + i))
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
