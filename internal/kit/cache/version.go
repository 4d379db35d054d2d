// Package cache keeps answers that did not change from being computed again. An answer
// is stored under the version of the data it was computed from: a counter in the
// owning service's database that triggers bump in the same transaction as every write
// to the tables the answer reads, so every replica sees a change as soon as it commits
// and a cached answer is never served after it. On PostgreSQL the counter is spread
// over shards (one per connection, by backend pid) so that writers to different rows
// — buyers of different events — do not queue on one counter row until they commit;
// the version is their sum. Reading it costs one small read, which the requests that
// arrive while another is under way share (see sharedReads); on SQLite, none while
// nothing has committed since the last read.
package cache

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"
	"time"

	"stepperslife/internal/kit/db"
)

// Migrations create the version row and the triggers that bump it on every insert,
// update and delete of tables. owner names the set (its files are recorded as
// owner/NNNN_….sql); a later change to the list of tables needs a new owner name or
// a hand-written migration.
func Migrations(owner string, tables ...string) db.Migrations {
	var lite, pg strings.Builder
	const table = "CREATE TABLE IF NOT EXISTS data_version (\n    id INTEGER PRIMARY KEY,\n    n BIGINT NOT NULL,\n    changed_at BIGINT NOT NULL\n);\n"
	lite.WriteString(table)
	lite.WriteString("INSERT INTO data_version (id, n, changed_at) VALUES (1, 1, CAST(strftime('%s', 'now') AS INTEGER)) ON CONFLICT (id) DO NOTHING;\n")
	pg.WriteString(table)
	fmt.Fprintf(&pg, "INSERT INTO data_version (id, n, changed_at) SELECT g, CASE WHEN g = 1 THEN 1 ELSE 0 END, EXTRACT(EPOCH FROM now())::BIGINT FROM generate_series(1, %d) AS g ON CONFLICT (id) DO NOTHING;\n", pgShards)
	// One line per statement: migrations are cut at semicolons that end a line.
	fmt.Fprintf(&pg, "CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE data_version SET n = n + 1, changed_at = EXTRACT(EPOCH FROM now())::BIGINT WHERE id = 1 + pg_backend_pid() %% %d; RETURN NULL; END $$;\n", pgShards)
	for _, t := range tables {
		for _, op := range []string{"INSERT", "UPDATE", "DELETE"} {
			fmt.Fprintf(&lite, "CREATE TRIGGER data_version_%s_%s AFTER %s ON %s BEGIN UPDATE data_version SET n = n + 1, changed_at = CAST(strftime('%%s', 'now') AS INTEGER) WHERE id = 1; END;\n",
				t, strings.ToLower(op), op, t)
		}
		// Once per statement, not per row: a bulk write is one change.
		fmt.Fprintf(&pg, "CREATE TRIGGER data_version_%s AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();\n", t, t)
	}
	files := fstest.MapFS{
		"0001_data_version.sqlite.sql":   {Data: []byte(lite.String())},
		"0001_data_version.postgres.sql": {Data: []byte(pg.String())},
	}
	return db.Migrations{Owner: owner, FS: fs.FS(files), Dir: "."}
}

// pgShards is how many counter rows PostgreSQL writers spread over: more than the
// connections that write at once in a service's pool, in the common case.
const pgShards = 16

// Version is the data's version and when it last changed.
type Version struct {
	N       int64
	Changed time.Time
}

// versionQuery sums the counters, each of which only grows.
const versionQuery = "SELECT COALESCE(SUM(n), 0), COALESCE(MAX(changed_at), 0) FROM data_version"

// ReadVersion reads the version: the sum of the counters, each of which only grows.
func ReadVersion(ctx context.Context, d *db.DB) (Version, error) {
	return scanVersion(d.QueryRowContext(ctx, versionQuery))
}

func scanVersion(row *sql.Row) (Version, error) {
	var n, at int64
	if err := row.Scan(&n, &at); err != nil {
		return Version{}, fmt.Errorf("data version: %w", err)
	}
	return Version{N: n, Changed: time.Unix(at, 0).UTC()}, nil
}

// markedVersion is the version read under a commit mark of the SQLite file.
type markedVersion struct {
	mark db.CommitMark
	v    Version
}

// readVersion is the version as of now. On SQLite, while no transaction has
// committed since the version was last read (the file's commit mark is the same),
// that version is still the version: no read at all. The mark is read before the
// database, so a commit between the two only makes the next request read again.
func (c *Cache) readVersion(ctx context.Context) (Version, error) {
	mark, marked := c.db.CommitMark()
	if marked {
		if k := c.marked.Load(); k != nil && k.mark == mark {
			return k.v, nil
		}
	}
	if !marked {
		return c.sharedVersion(ctx)
	}
	v, err := c.queryVersion(ctx)
	if err == nil {
		c.marked.Store(&markedVersion{mark: mark, v: v})
	}
	return v, err
}

// queryVersion is ReadVersion through a statement prepared once: read on every
// request, the query would otherwise be parsed again each time (on SQLite, half the
// cost of a cached answer). The statement is prepared under the request's own
// deadline; until it is had (the database was away), the plain query serves.
func (c *Cache) queryVersion(ctx context.Context) (Version, error) {
	if st := c.version.Load(); st != nil {
		return scanVersion(st.QueryRowContext(ctx))
	}
	st, err := c.db.PrepareContext(ctx, versionQuery)
	if err != nil {
		return ReadVersion(ctx, c.db)
	}
	if !c.version.CompareAndSwap(nil, st) {
		_ = st.Close() // another request's statement came first
	}
	return scanVersion(c.version.Load().QueryRowContext(ctx))
}
