// Package db opens a service's own database: PostgreSQL (through pgx) when
// DATABASE_URL is a postgres URL, the embedded SQLite file otherwise. Queries are
// written once in the portable dialect ($1 placeholders, RETURNING, ON CONFLICT);
// the few real differences live in Dialect.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"stepperslife/internal/kit/tracing"
)

// Dialect is the one seam between the two databases.
type Dialect int

// The supported databases.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is a service's database handle.
type DB struct {
	*sql.DB
	Dialect Dialect
	// writing lets one SQLite transaction of this process hold the write lock at a
	// time, the others queueing in turn: left to SQLite's busy handler, waiting
	// transactions sleep and retry, and under load an unlucky one can lose every
	// retry until busy_timeout refuses it while others come and go.
	writing chan struct{}
	// watch reads the SQLite file's commits without a query (CommitMark).
	watch commitWatch
	// dsn is how the SQLite file was opened: its connections' commits are announced
	// under it (CommitBegun).
	dsn string
}

// writeWait bounds a transaction's turn in the queue: long enough for a burst of
// hundreds, and a transaction begun inside another (which SQLite would refuse after
// its busy timeout) still fails instead of waiting for good.
const writeWait = time.Minute

var errWriteWait = errors.New("database: busy: no turn to write within a minute")

// Open connects to databaseURL, or to the SQLite file at sqlitePath when it is empty.
func Open(ctx context.Context, databaseURL, sqlitePath string) (*DB, error) {
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL)
	}
	return OpenSQLite(ctx, sqlitePath)
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, errors.New("database: the postgres URL could not be parsed")
	}
	if tracing.Enabled() {
		// Each query becomes a child span of the request that ran it.
		cfg.Tracer = otelpgx.NewTracer()
	}
	sdb := stdlib.OpenDB(*cfg)
	sdb.SetMaxOpenConns(20)
	sdb.SetMaxIdleConns(20)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	d := &DB{DB: sdb, Dialect: Postgres}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sdb.PingContext(pctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("database: postgres does not answer: %w", redact(err))
	}
	return d, nil
}

// OpenSQLite opens (creating if needed) the embedded database file. WAL lets readers
// work beside the writer; busy_timeout makes writers queue instead of failing;
// immediate transactions take the write lock up front so two transactions never
// deadlock upgrading from read to write.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	sdb.SetMaxOpenConns(8)
	sdb.SetMaxIdleConns(8)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("database: sqlite file %s: %w", path, err)
	}
	d := &DB{DB: sdb, Dialect: SQLite, writing: make(chan struct{}, 1), dsn: dsn}
	d.watchCommits(ctx, dsn, path)
	return d, nil
}

// redact drops the connection string from driver errors, which may carry a password.
func redact(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return errors.New(pe.Message)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return errors.New("cannot connect")
	}
	return err
}

// InTx runs fn in a transaction, committing when it returns nil.
func (d *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if d.writing != nil {
		wait := time.NewTimer(writeWait)
		select {
		case d.writing <- struct{}{}:
			wait.Stop()
		case <-ctx.Done():
			wait.Stop()
			return ctx.Err()
		case <-wait.C:
			return errWriteWait
		}
		defer func() { <-d.writing }()
	}
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	// A panic in fn is recovered further up (the middleware answers 500); the
	// transaction must not stay open holding its connection and SQLite's write lock.
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Ping checks that the database answers, for /readyz.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// IsUniqueViolation reports whether err is a unique or primary key conflict.
func IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// ddl adapts portable DDL to the dialect: SQLite's driver reads times back only from
// columns declared TIMESTAMP, and it has no BYTEA.
func (d Dialect) ddl(stmt string) string {
	if d != SQLite {
		return stmt
	}
	return strings.NewReplacer("TIMESTAMPTZ", "TIMESTAMP", "BYTEA", "BLOB").Replace(stmt)
}
