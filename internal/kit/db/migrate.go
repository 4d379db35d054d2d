package db

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// Migrations is one owner's ordered set of SQL files (NNNN_name.sql) in an embedded
// folder. The kit owns one set (idempotency keys, webhook events); each service owns
// its own. A file named NNNN_name.postgres.sql or NNNN_name.sqlite.sql runs on that
// database only: for what has no common form, such as full-text search indexes.
type Migrations struct {
	Owner string
	FS    fs.FS
	Dir   string
}

// Migrate applies, in order, every migration not yet recorded, each in its own
// transaction. It is safe to run at every start and from several processes.
func Migrate(ctx context.Context, d *DB, sets ...Migrations) error {
	// Under the lock too: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a
	// concurrent one (it fails on pg_type's unique index).
	if err := d.InTx(ctx, func(tx *sql.Tx) error {
		if err := lockMigrations(ctx, d, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, d.Dialect.ddl(`CREATE TABLE IF NOT EXISTS schema_migrations (
		id TEXT PRIMARY KEY,
		applied_at TIMESTAMPTZ NOT NULL
	)`))
		return err
	}); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, set := range sets {
		names, err := fs.Glob(set.FS, path.Join(set.Dir, "*.sql"))
		if err != nil {
			return err
		}
		sort.Strings(names)
		for _, name := range names {
			if !d.Dialect.takes(path.Base(name)) {
				continue
			}
			id := set.Owner + "/" + path.Base(name)
			body, err := fs.ReadFile(set.FS, name)
			if err != nil {
				return err
			}
			if err := apply(ctx, d, id, string(body)); err != nil {
				return fmt.Errorf("migrate %s: %w", id, err)
			}
		}
	}
	return nil
}

// takes reports whether a migration file is for this database: every file but those
// named for the other one (….postgres.sql, ….sqlite.sql).
func (d Dialect) takes(file string) bool {
	for _, other := range []Dialect{SQLite, Postgres} {
		if other != d && strings.HasSuffix(file, "."+other.String()+".sql") {
			return false
		}
	}
	return true
}

func apply(ctx context.Context, d *DB, id, body string) error {
	return d.InTx(ctx, func(tx *sql.Tx) error {
		if err := lockMigrations(ctx, d, tx); err != nil {
			return err
		}
		var seen int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE id = $1", id).Scan(&seen); err != nil {
			return err
		}
		if seen > 0 {
			return nil
		}
		for _, stmt := range splitStatements(body) {
			if _, err := tx.ExecContext(ctx, d.Dialect.ddl(stmt)); err != nil {
				return fmt.Errorf("%w\n%s", err, stmt)
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)", id, time.Now().UTC())
		return err
	})
}

// lockMigrations serialises concurrent migrators (several processes starting at
// once) on PostgreSQL; SQLite's immediate transactions already do.
func lockMigrations(ctx context.Context, d *DB, tx *sql.Tx) error {
	if d.Dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7261)")
	return err
}

// splitStatements cuts a migration at semicolons that end a line. Migrations keep to
// plain DDL, so no statement has a semicolon at the end of an inner line.
func splitStatements(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
