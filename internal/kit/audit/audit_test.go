package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
)

var (
	ada   = audit.ActorOf(&auth.User{ID: "u-ada", Email: "ada@example.com"})
	rst1  = audit.Subject{Kind: "restaurant", ID: "rst_1"}
	rst2  = audit.Subject{Kind: "restaurant", ID: "rst_2"}
	start = time.Date(2026, 3, 6, 18, 30, 0, 123456789, time.FixedZone("CST", -6*3600))
)

func TestTrailIsNewestFirstPerSubject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var written []audit.Entry
		for i, e := range []audit.Entry{
			{Actor: ada, Action: "reject", Subject: rst1, Reason: "  The address is a parking lot.  ", At: start},
			{Actor: ada, Action: "approve", Subject: rst2, At: start.Add(time.Minute)},
			{Actor: ada, Action: "approve", Subject: rst1, At: start.Add(2 * time.Minute)},
			// The same instant as the approval: the id still orders them as written.
			{Actor: ada, Action: "suspend", Subject: rst1, Reason: "Health department closure", At: start.Add(2 * time.Minute)},
		} {
			got, err := audit.Record(ctx, d, e)
			if err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			written = append(written, got)
		}
		trail, err := audit.Trail(ctx, d, rst1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 3 {
			t.Fatalf("trail of rst_1: %d entries, want 3: %+v", len(trail), trail)
		}
		for i, want := range []audit.Entry{written[3], written[2], written[0]} {
			if trail[i] != want {
				t.Errorf("entry %d: %+v, want %+v", i, trail[i], want)
			}
		}
		first := trail[2]
		if first.Reason != "The address is a parking lot." || first.Actor != ada || !first.At.Equal(start.Truncate(time.Microsecond)) ||
			first.At.Location() != time.UTC || !strings.HasPrefix(first.ID, "aud_") {
			t.Errorf("stored entry %+v", first)
		}
		if one, _ := audit.Trail(ctx, d, rst1, 1); len(one) != 1 || one[0].Action != "suspend" {
			t.Errorf("limit 1: %+v", one)
		}
		if none, _ := audit.Trail(ctx, d, audit.Subject{Kind: "order", ID: "rst_1"}, 0); len(none) != 0 {
			t.Errorf("another kind with the same id: %+v", none)
		}
	}, audit.Migrations)
}

// An entry lives and dies with the transaction of its action.
func TestRecordCommitsOrRollsBackWithItsTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		failed := errors.New("the action failed after recording")
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := audit.Record(ctx, tx, audit.Entry{Actor: ada, Action: "approve", Subject: rst1}); err != nil {
				return err
			}
			// Inside the transaction the entry is there…
			if in, err := audit.Trail(ctx, tx, rst1, 0); err != nil || len(in) != 1 {
				t.Errorf("inside the transaction: %v %+v", err, in)
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("InTx: %v", err)
		}
		// …and gone with it.
		if after, err := audit.Trail(ctx, d, rst1, 0); err != nil || len(after) != 0 {
			t.Fatalf("after the rollback: %v %+v", err, after)
		}
		if err := d.InTx(ctx, func(tx *sql.Tx) error {
			_, err := audit.Record(ctx, tx, audit.Entry{Actor: ada, Action: "approve", Subject: rst1})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if after, _ := audit.Trail(ctx, d, rst1, 0); len(after) != 1 {
			t.Fatalf("after the commit: %+v", after)
		}
	}, audit.Migrations)
}

func TestRecordRefusesAnEntryWithoutWhoWhatOrWhich(t *testing.T) {
	d := dbtest.SQLite(t, audit.Migrations)
	for _, e := range []audit.Entry{
		{Action: "approve", Subject: rst1},
		{Actor: ada, Subject: rst1},
		{Actor: ada, Action: "approve", Subject: audit.Subject{Kind: "restaurant"}},
		{Actor: ada, Action: "approve", Subject: audit.Subject{ID: "rst_1"}},
	} {
		if _, err := audit.Record(context.Background(), d, e); err == nil {
			t.Errorf("recorded %+v", e)
		}
	}
}

func TestReason(t *testing.T) {
	if r, err := audit.Reason("  Closed for good \n", true); err != nil || r != "Closed for good" {
		t.Errorf("trimmed: %q %v", r, err)
	}
	if r, err := audit.Reason("   ", false); err != nil || r != "" {
		t.Errorf("optional and empty: %q %v", r, err)
	}
	for _, c := range []struct {
		s        string
		required bool
	}{{" ", true}, {strings.Repeat("é", audit.MaxReason+1), false}} {
		_, err := audit.Reason(c.s, c.required)
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.CodeValidation || e.Details["fields"].(map[string]any)["reason"] == nil {
			t.Errorf("Reason(%d chars, %v): %v", len(c.s), c.required, err)
		}
	}
	if _, err := audit.Reason(strings.Repeat("é", audit.MaxReason), true); err != nil {
		t.Errorf("exactly the most: %v", err)
	}
}

func TestReasonFrom(t *testing.T) {
	for _, c := range []struct {
		name, target, ctype, body, want string
		fails                           bool
	}{
		{"no body", "/x", "", "", "", false},
		{"no body, the query's", "/x?reason=Closed", "", "", "Closed", false},
		{"JSON", "/x", "application/json", `{"reason":"Parking lot, not a kitchen"}`, "Parking lot, not a kitchen", false},
		{"JSON wins over the query", "/x?reason=q", "application/json", `{"reason":"body"}`, "body", false},
		{"an empty object", "/x", "application/json", `{}`, "", false},
		{"unknown field", "/x", "application/json", `{"why":"x"}`, "", true},
		{"not JSON", "/x", "text/plain", `because`, "", true},
	} {
		req := httptest.NewRequest("POST", c.target, strings.NewReader(c.body))
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		got, err := audit.ReasonFrom(req)
		if (err != nil) != c.fails || got != c.want {
			t.Errorf("%s: %q %v", c.name, got, err)
		}
	}
}
