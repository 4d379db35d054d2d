package db_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
)

// openFile opens the SQLite file at path, closed when the test ends.
func openFile(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func TestCommitMarkChangesWithEveryCommitAndOnlyThen(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mapped WAL index on this platform")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "app.db")
	d := openFile(t, path)
	if _, err := d.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	mark := func() db.CommitMark {
		t.Helper()
		m, ok := d.CommitMark()
		if !ok {
			t.Fatal("no commit mark on a SQLite file at rest")
		}
		return m
	}
	before := mark()
	var n int
	for range 3 {
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	if mark() != before {
		t.Error("reads changed the mark")
	}

	// A write that returns a row commits when its row is read: the mark shows it then.
	var id int64
	if err := d.QueryRowContext(ctx, "INSERT INTO t (v) VALUES ('a') RETURNING id").Scan(&id); err != nil {
		t.Fatal(err)
	}
	afterInsert := mark()
	if afterInsert == before {
		t.Error("an autocommitted insert left the mark as it was")
	}
	if err := d.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE t SET v = 'b'")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	afterTx := mark()
	if afterTx == afterInsert {
		t.Error("a committed transaction left the mark as it was")
	}
	if err := d.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE t SET v = 'c'"); err != nil {
			return err
		}
		return errRolledBack
	}); err != errRolledBack {
		t.Fatal(err)
	}
	if mark() != afterTx {
		t.Error("a rolled-back transaction changed the mark")
	}

	// Another handle on the file (as another process would be) commits: seen too.
	other, err := db.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.ExecContext(ctx, "DELETE FROM t"); err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if mark() == afterTx {
		t.Error("another handle's commit left the mark as it was")
	}
	// The other handle closing did not take the WAL index away from the first.
	afterOther := mark()
	if _, err := d.ExecContext(ctx, "INSERT INTO t (v) VALUES ('d')"); err != nil {
		t.Fatal(err)
	}
	if mark() == afterOther {
		t.Error("a commit after the other handle closed left the mark as it was")
	}
}

func TestCommitMarkIsNotHadAfterClose(t *testing.T) {
	d, err := db.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.CommitMark(); ok {
		t.Error("a closed database still offers a commit mark")
	}
}

var errRolledBack = errors.New("rolled back on purpose")

func BenchmarkCommitMark(b *testing.B) {
	d, err := db.OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "app.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for b.Loop() {
		if _, ok := d.CommitMark(); !ok {
			b.Fatal("no mark")
		}
	}
}

func TestCommitMarkReadsOutliveNoClose(t *testing.T) {
	d, err := db.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "app.db"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				if _, ok := d.CommitMark(); !ok {
					return // closed: read nothing from the unmapped header
				}
			}
		})
	}
	time.Sleep(10 * time.Millisecond)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
}

func TestCommitBegunIsClosedByCommitsNotReads(t *testing.T) {
	ctx := context.Background()
	d := openFile(t, filepath.Join(t.TempDir(), "app.db"))
	if _, err := d.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	closed := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return true
		default:
			return false
		}
	}
	ch := d.CommitBegun()
	if ch == nil {
		t.Fatal("commits of a mapped SQLite file are not announced")
	}
	var n int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if closed(ch) {
		t.Fatal("a read announced a commit")
	}
	if _, err := d.ExecContext(ctx, "INSERT INTO t DEFAULT VALUES"); err != nil {
		t.Fatal(err)
	}
	if !closed(ch) {
		t.Fatal("an autocommitted insert was not announced")
	}
	next := d.CommitBegun()
	if closed(next) {
		t.Fatal("the next announcement is already made")
	}
	if err := d.InTx(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, "DELETE FROM t"); return err }); err != nil {
		t.Fatal(err)
	}
	if !closed(next) {
		t.Fatal("a committed transaction was not announced")
	}
}
