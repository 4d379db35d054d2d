package db_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

var (
	errMissing = errors.New("missing")
	errTwice   = errors.New("twice")
)

func TestValueHelpers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, id := range []string{"b", "a"} {
			if err := db.Unique(insertTicket(ctx, d, id, "C"+id), errTwice); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Unique(insertTicket(ctx, d, "a", "other"), errTwice); !errors.Is(err, errTwice) {
			t.Fatalf("a repeated key: %v", err)
		}

		ids, err := db.IDs(ctx, d, `SELECT id FROM tickets ORDER BY id`)
		if err != nil || !slices.Equal(ids, []string{"a", "b"}) {
			t.Fatalf("IDs = %v, %v", ids, err)
		}
		if _, err := db.IDs(ctx, d, `SELECT id FROM no_such_table`); err == nil {
			t.Fatal("a failed query answered")
		}

		var code string
		err = d.QueryRowContext(ctx, `SELECT code FROM tickets WHERE id = $1`, "zz").Scan(&code)
		if !errors.Is(db.NoRows(err, errMissing), errMissing) {
			t.Fatalf("no row: %v", err)
		}
		if db.NoRows(nil, errMissing) != nil {
			t.Fatal("nil became an error")
		}

		res, err := d.ExecContext(ctx, `UPDATE tickets SET code = $1 WHERE id = $2`, db.NullString(""), "zz")
		if !errors.Is(db.OneRow(res, err, errMissing), errMissing) {
			t.Fatal("an update of no row passed")
		}
		res, err = d.ExecContext(ctx, `UPDATE tickets SET code = $1 WHERE id = $2`, db.NullString("C9"), "a")
		if err := db.OneRow(res, err, errMissing); err != nil {
			t.Fatal(err)
		}

		at := time.Date(2026, 3, 1, 18, 30, 0, 0, time.FixedZone("CST", -6*3600))
		if _, err := d.ExecContext(ctx, `UPDATE tickets SET issued_at = $1 WHERE id = 'a'`, db.NullTime(&at)); err != nil {
			t.Fatal(err)
		}
		var n sql.NullTime
		if err := d.QueryRowContext(ctx, `SELECT issued_at FROM tickets WHERE id = 'a'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if got := db.TimeOf(n); got == nil || !got.Equal(at) || got.Location() != time.UTC {
			t.Fatalf("TimeOf = %v", got)
		}
	}, set)
	if db.NullTime(nil) != nil || db.TimeOf(sql.NullTime{}) != nil || db.NullString("") != nil {
		t.Fatal("NULL values")
	}
}
