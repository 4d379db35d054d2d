package db_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

func TestScopeQ(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if q := (db.Scope{DB: d}).Q(); q != db.Querier(d) {
			t.Fatalf("unbound Q = %T, want the database", q)
		}
		tx, err := d.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if q := (db.Scope{DB: d, Tx: tx}).Q(); q != db.Querier(tx) {
			t.Fatalf("bound Q = %T, want the transaction", q)
		}
	}, set)
}

func TestScopeInTxUnbound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := db.Scope{DB: d}
		boom := errors.New("boom")
		err := s.InTx(ctx, func(q db.Querier) error {
			if _, ok := q.(*sql.Tx); !ok {
				t.Errorf("fn ran on %T, want a new transaction", q)
			}
			if err := insertTicket(ctx, q, "a", "A"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || count(t, d) != 0 {
			t.Fatalf("err = %v, %d tickets after a failed fn", err, count(t, d))
		}
		if err := s.InTx(ctx, func(q db.Querier) error { return insertTicket(ctx, q, "b", "B") }); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d); n != 1 {
			t.Fatalf("%d tickets after a committed fn", n)
		}
	}, set)
}

// Bound to a caller's transaction, a failing fn undoes only its own writes, even
// after a failed statement (which aborts the whole transaction on PostgreSQL but for
// the savepoint); the caller's writes before and after it still commit.
func TestScopeInTxBoundUsesSavepoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		tx, err := d.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := insertTicket(ctx, tx, "before", "BEFORE"); err != nil {
			t.Fatal(err)
		}
		s := db.Scope{DB: d, Tx: tx}
		err = s.InTx(ctx, func(q db.Querier) error {
			if q != db.Querier(tx) {
				t.Errorf("fn ran on %T, want the bound transaction", q)
			}
			if err := insertTicket(ctx, q, "undone", "UNDONE"); err != nil {
				return err
			}
			return insertTicket(ctx, q, "before", "DUPLICATE")
		})
		if !db.IsUniqueViolation(err) {
			t.Fatalf("err = %v, want fn's unique violation", err)
		}
		if err := s.InTx(ctx, func(q db.Querier) error { return insertTicket(ctx, q, "kept", "KEPT") }); err != nil {
			t.Fatal(err)
		}
		if err := insertTicket(ctx, tx, "after", "AFTER"); err != nil {
			t.Fatalf("the caller's transaction cannot go on: %v", err)
		}
		if n := count(t, d); n != 0 {
			t.Fatalf("%d tickets visible before the caller commits", n)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		ids := dbtest.Strings(t, d, "SELECT id FROM tickets ORDER BY id")
		if got := strings.Join(ids, ","); got != "after,before,kept" {
			t.Fatalf("committed %s, want after,before,kept", got)
		}
	}, set)
}

func TestWrap(t *testing.T) {
	if db.Wrap("events store", "order", "ord_1", nil) != nil {
		t.Fatal("a nil error must stay nil")
	}
	err := db.Wrap("events store", "order", "ord_1", fs.ErrNotExist)
	if err.Error() != "events store: order ord_1: file does not exist" || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v", err)
	}
	if got := db.Wrap("events store", "count events", "", fs.ErrClosed).Error(); got != "events store: count events: file already closed" {
		t.Fatalf("without subject: %q", got)
	}
}

// The pattern matches its text anywhere and reads %, _ and \ in it literally, on both
// databases.
func TestLikePattern(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, c := range []string{"100%_off", "100 and more off", `back\slash`} {
			if err := insertTicket(ctx, d, c, c); err != nil {
				t.Fatal(err)
			}
		}
		for word, want := range map[string]string{"0%_": "100%_off", "100": "100%_off,100 and more off",
			`k\s`: `back\slash`, "%": "100%_off", "_": "100%_off"} {
			rows, err := d.QueryContext(ctx, `SELECT code FROM tickets WHERE code LIKE $1 ESCAPE '\' ORDER BY code DESC`,
				db.LikePattern(word))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					t.Fatal(err)
				}
				got = append(got, c)
			}
			rows.Close()
			if strings.Join(got, ",") != want {
				t.Errorf("LIKE %q matched %q, want %q", word, got, want)
			}
		}
	}, set)
}

func TestStrings(t *testing.T) {
	type status string
	got := db.Strings([]status{"OPEN", "PAID"})
	if len(got) != 2 || got[0] != any("OPEN") || got[1] != any("PAID") {
		t.Fatalf("Strings = %#v, want plain strings", got)
	}
}
