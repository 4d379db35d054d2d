// Package dbtest gives each test its own throwaway database, on SQLite and on
// PostgreSQL, so one repository test suite runs against every store.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"stepperslife/internal/kit/db"
)

// AdminURL is the PostgreSQL server tests create their databases on.
func AdminURL() string {
	if u := os.Getenv("STEPPERSLIFE_TEST_PG"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// Each runs fn once on a fresh SQLite database and once on a fresh PostgreSQL one,
// after applying the given migrations.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB), sets ...db.Migrations) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, sets...)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, sets...)) })
}

// SQLite opens a migrated database file in the test's temporary folder.
func SQLite(t testing.TB, sets ...db.Migrations) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.OpenSQLite(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := db.Migrate(ctx, d, sets...); err != nil {
		t.Fatal(err)
	}
	return d
}

// Postgres creates a migrated throwaway database and drops it when the test ends.
func Postgres(t testing.TB, sets ...db.Migrations) *db.DB {
	t.Helper()
	ctx := context.Background()
	dsn := PostgresURL(t)
	d, err := db.Open(ctx, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := db.Migrate(ctx, d, sets...); err != nil {
		t.Fatal(err)
	}
	return d
}

// PostgresURL creates an empty throwaway database and returns its URL; the database
// is dropped when the test ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "sltest_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database (is PostgreSQL running at %s?): %v", AdminURL(), err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Strings runs q and returns its one text column, row by row.
func Strings(t testing.TB, d *db.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := d.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
