package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

func insertTicket(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, id, code string) error {
	_, err := q.ExecContext(ctx, "INSERT INTO tickets (id, code, price_cents, issued_at) VALUES ($1, $2, 0, CURRENT_TIMESTAMP)", id, code)
	return err
}

func count(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow("SELECT COUNT(*) FROM tickets").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIsUniqueViolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := insertTicket(ctx, d, "t1", "CODE1"); err != nil {
			t.Fatal(err)
		}
		dupKey := insertTicket(ctx, d, "t1", "CODE2")
		dupCode := insertTicket(ctx, d, "t2", "CODE1")
		for name, err := range map[string]error{"primary key": dupKey, "unique column": dupCode,
			"wrapped": fmt.Errorf("create ticket: %w", dupCode)} {
			if !db.IsUniqueViolation(err) {
				t.Errorf("%s: IsUniqueViolation(%v) = false", name, err)
			}
		}
		_, notNull := d.Exec("INSERT INTO tickets (id, code, price_cents, issued_at) VALUES ('t3', NULL, 0, CURRENT_TIMESTAMP)")
		_, fk := d.Exec("INSERT INTO scans (ticket_id, at) VALUES ('missing', CURRENT_TIMESTAMP)")
		_, syntax := d.Exec("INSERT INTO nowhere VALUES (1)")
		for name, err := range map[string]error{"not null": notNull, "foreign key": fk, "no table": syntax,
			"nil": nil, "plain": errors.New("duplicate key")} {
			if name != "nil" && name != "plain" && err == nil {
				t.Errorf("%s: the statement succeeded", name)
			}
			if db.IsUniqueViolation(err) {
				t.Errorf("%s: IsUniqueViolation(%v) = true", name, err)
			}
		}
		if n := count(t, d); n != 1 {
			t.Fatalf("%d tickets", n)
		}
	}, set)
}

func TestInTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("sold out halfway")
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			if err := insertTicket(ctx, tx, "a", "A"); err != nil {
				return err
			}
			if err := insertTicket(ctx, tx, "b", "B"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if n := count(t, d); n != 0 {
			t.Fatalf("rolled back transaction left %d tickets", n)
		}
		// A failing statement inside also rolls back what came before it.
		err = d.InTx(ctx, func(tx *sql.Tx) error {
			if err := insertTicket(ctx, tx, "a", "A"); err != nil {
				return err
			}
			return insertTicket(ctx, tx, "a", "A again")
		})
		if !db.IsUniqueViolation(err) || count(t, d) != 0 {
			t.Fatalf("err = %v, tickets %d", err, count(t, d))
		}
		if err := d.InTx(ctx, func(tx *sql.Tx) error { return insertTicket(ctx, tx, "c", "C") }); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d); n != 1 {
			t.Fatalf("committed transaction: %d tickets", n)
		}
	}, set)
}

// A handler that panics inside a transaction is recovered by the middleware; the
// transaction must not stay open holding its connection (and SQLite's write lock).
func TestInTxPanicRollsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d.SetMaxOpenConns(1) // a leaked transaction would block everything after it
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "bug") {
					t.Fatalf("recovered %v, want the panic passed on", p)
				}
			}()
			_ = d.InTx(ctx, func(tx *sql.Tx) error {
				if err := insertTicket(ctx, tx, "p", "P"); err != nil {
					return err
				}
				panic("bug in handler")
			})
		}()
		if err := d.InTx(ctx, func(tx *sql.Tx) error { return insertTicket(ctx, tx, "q", "Q") }); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d); n != 1 {
			t.Fatalf("%d tickets, want only the second", n)
		}
	}, set)
}

func TestDialects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		want := map[bool]string{true: "sqlite", false: "postgres"}[strings.HasSuffix(t.Name(), "sqlite")]
		if d.Dialect.String() != want {
			t.Fatalf("dialect %s in %s", d.Dialect, t.Name())
		}
	})
}

func TestOpenPostgresErrorHidesPassword(t *testing.T) {
	_, err := db.Open(context.Background(), "postgres://svc:Hunter2Secret@127.0.0.1:1/x?sslmode=disable&connect_timeout=5", "")
	if err == nil || strings.Contains(err.Error(), "Hunter2Secret") {
		t.Fatalf("err = %v", err)
	}
}

// SQLite write transactions wait their turn in the process instead of in SQLite's
// busy handler: all of a burst commit even when one holds the lock longer than the
// busy timeout (10 s), which SQLite alone answers "database is locked"; and a caller
// that gives up leaves the line with its context's error.
func TestSQLiteTransactionsQueue(t *testing.T) {
	d := dbtest.SQLite(t, set)
	ctx := context.Background()
	holding, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- d.InTx(ctx, func(tx *sql.Tx) error {
			close(holding)
			<-release
			return insertTicket(ctx, tx, "first", "F")
		})
	}()
	<-holding
	gaveUp, cancel := context.WithCancel(ctx)
	cancel()
	if err := d.InTx(gaveUp, func(*sql.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("a caller that gave up: %v", err)
	}
	const burst = 40
	errs := make(chan error, burst)
	for i := range burst {
		go func() {
			errs <- d.InTx(ctx, func(tx *sql.Tx) error {
				return insertTicket(ctx, tx, fmt.Sprint("t", i), fmt.Sprint("C", i))
			})
		}()
	}
	time.Sleep(10*time.Second + 500*time.Millisecond)
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range burst {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, d); n != burst+1 {
		t.Fatalf("%d tickets, want %d", n, burst+1)
	}
}
