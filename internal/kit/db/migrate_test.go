package db_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

// Plain CREATE TABLE (no IF NOT EXISTS): running a migration twice would fail.
var base = fstest.MapFS{
	"m/0001_tickets.sql": {Data: []byte(`-- tickets of an event
CREATE TABLE tickets (
	id TEXT PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	price_cents BIGINT NOT NULL,
	issued_at TIMESTAMPTZ NOT NULL,
	qr BYTEA
);

CREATE INDEX tickets_issued ON tickets (issued_at);
`)},
	"m/0002_scans.sql": {Data: []byte(`CREATE TABLE scans (ticket_id TEXT NOT NULL REFERENCES tickets (id), at TIMESTAMPTZ NOT NULL);`)},
	"m/README.md":      {Data: []byte("not a migration")},
}

var set = db.Migrations{Owner: "test", FS: base, Dir: "m"}

func applied(t *testing.T, d *db.DB) []string {
	t.Helper()
	return dbtest.Strings(t, d, "SELECT id FROM schema_migrations ORDER BY id")
}

func TestMigrateAppliesOnceAndRerunsAsNoOp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if got := strings.Join(applied(t, d), ","); got != "test/0001_tickets.sql,test/0002_scans.sql" {
			t.Fatalf("applied = %s", got)
		}
		for range 2 {
			if err := db.Migrate(ctx, d, set); err != nil {
				t.Fatalf("re-run: %v", err)
			}
		}
		if n := len(applied(t, d)); n != 2 {
			t.Fatalf("%d migrations recorded after re-runs", n)
		}
		// A later release adds a file: only that one runs.
		more := fstest.MapFS{"m/0003_notes.sql": {Data: []byte("ALTER TABLE tickets ADD COLUMN note TEXT;")}}
		for k, v := range base {
			more[k] = v
		}
		if err := db.Migrate(ctx, d, db.Migrations{Owner: "test", FS: more, Dir: "m"}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec("UPDATE tickets SET note = 'x'"); err != nil {
			t.Fatalf("0003 not applied: %v", err)
		}
		if n := len(applied(t, d)); n != 3 {
			t.Fatalf("%d recorded", n)
		}
	}, set)
}

func TestDialectFilesRunOnTheirDatabaseOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		files := fstest.MapFS{
			"m/0001_notes.sql":           {Data: []byte("CREATE TABLE notes (id TEXT PRIMARY KEY);")},
			"m/0002_search.postgres.sql": {Data: []byte("CREATE TABLE only_pg (id TEXT);")},
			"m/0002_search.sqlite.sql":   {Data: []byte("CREATE TABLE only_sqlite (id TEXT);")},
		}
		if err := db.Migrate(context.Background(), d, db.Migrations{Owner: "dialect", FS: files, Dir: "m"}); err != nil {
			t.Fatal(err)
		}
		want := "dialect/0001_notes.sql,dialect/0002_search." + d.Dialect.String() + ".sql"
		got := dbtest.Strings(t, d, "SELECT id FROM schema_migrations WHERE id LIKE 'dialect/%' ORDER BY id")
		if strings.Join(got, ",") != want {
			t.Fatalf("applied %v, want %s", got, want)
		}
		// Readiness expects this database's files only.
		schema, err := db.SchemaOf(db.Migrations{Owner: "dialect", FS: files, Dir: "m"})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.CheckSchema(context.Background(), schema); err != nil {
			t.Fatalf("schema: %v", err)
		}
	}, set)
}

func TestOwnersDoNotCollide(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		other := db.Migrations{Owner: "other", Dir: "m", FS: fstest.MapFS{
			"m/0001_tickets.sql": {Data: []byte("CREATE TABLE other_things (id TEXT PRIMARY KEY);")},
		}}
		if err := db.Migrate(context.Background(), d, other); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(applied(t, d), ","); got != "other/0001_tickets.sql,test/0001_tickets.sql,test/0002_scans.sql" {
			t.Fatalf("applied = %s", got)
		}
	}, set)
}

func TestFailedMigrationLeavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		bad := db.Migrations{Owner: "bad", Dir: "m", FS: fstest.MapFS{
			"m/0001_half.sql": {Data: []byte("CREATE TABLE half (id TEXT PRIMARY KEY);\nCREATE TABLE broken (id NOSUCHTYPE PRIMARY KEY REFERENCES nowhere);\nSELECT nonsense FROM nowhere;")},
		}}
		err := db.Migrate(context.Background(), d, bad)
		if err == nil || !strings.Contains(err.Error(), "bad/0001_half.sql") {
			t.Fatalf("err = %v", err)
		}
		if _, err := d.Exec("SELECT COUNT(*) FROM half"); err == nil {
			t.Fatal("the first statement of a failed migration stayed")
		}
		for _, id := range applied(t, d) {
			if strings.HasPrefix(id, "bad/") {
				t.Fatalf("failed migration recorded: %s", id)
			}
		}
	})
}

// Portable DDL: TIMESTAMPTZ and BYTEA read back as time.Time and []byte on both.
func TestPortableTypesRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		at := time.Date(2026, 5, 1, 19, 30, 0, 123000000, time.UTC)
		if _, err := d.Exec("INSERT INTO tickets (id, code, price_cents, issued_at, qr) VALUES ($1, $2, $3, $4, $5)",
			"t1", "ABC", int64(2500), at, []byte{0, 1, 2, 255}); err != nil {
			t.Fatal(err)
		}
		var got time.Time
		var qr []byte
		var cents int64
		var id string
		err := d.QueryRow("INSERT INTO scans (ticket_id, at) VALUES ($1, $2) RETURNING ticket_id", "t1", at).Scan(&id)
		if err != nil || id != "t1" {
			t.Fatalf("RETURNING: %q %v", id, err)
		}
		if err := d.QueryRow("SELECT issued_at, qr, price_cents FROM tickets WHERE id = $1", "t1").Scan(&got, &qr, &cents); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(at) || string(qr) != "\x00\x01\x02\xff" || cents != 2500 {
			t.Fatalf("read back %v %v %d", got, qr, cents)
		}
		if err := d.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	}, set)
}

// Several processes of one service may start at once; each migration runs once.
func TestConcurrentMigrators(t *testing.T) {
	opens := map[string]func(t *testing.T) func() (*db.DB, error){
		"sqlite": func(t *testing.T) func() (*db.DB, error) {
			path := filepath.Join(t.TempDir(), "shared.db")
			return func() (*db.DB, error) { return db.OpenSQLite(context.Background(), path) }
		},
		"postgres": func(t *testing.T) func() (*db.DB, error) {
			url := dbtest.PostgresURL(t)
			return func() (*db.DB, error) { return db.Open(context.Background(), url, "") }
		},
	}
	for name, opener := range opens {
		t.Run(name, func(t *testing.T) {
			open := opener(t)
			const n = 4
			handles := make([]*db.DB, n)
			for i := range handles {
				d, err := open()
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				handles[i] = d
			}
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i, d := range handles {
				wg.Go(func() { errs[i] = db.Migrate(context.Background(), d, set) })
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			if got := applied(t, handles[0]); len(got) != 2 {
				t.Fatalf("applied = %v", got)
			}
		})
	}
}
