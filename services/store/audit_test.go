package store_test

import (
	"net/http"
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/store/storetest"
)

// Every admin decision on a vendor is in the kit's audit trail, with its reason;
// suspending, like rejecting, needs one.
func TestModerationKeepsAnAuditTrail(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		v := s.Vendor(owner, storetest.ShopBody("Trail Threads")) // applied and approved
		if res := s.Do("POST", "/api/admin/vendors/"+v.ID+"/suspend", admin, map[string]string{"reason": "  "}); res.Code() != "VALIDATION_FAILED" ||
			!strings.Contains(string(res.Body), "reason") {
			t.Fatalf("a suspension without a reason: %d %s", res.Status, res.Body)
		}
		s.Must(200, "POST", "/api/admin/vendors/"+v.ID+"/suspend", admin, map[string]string{"reason": "Late deliveries"})
		s.Must(200, "POST", "/api/admin/vendors/"+v.ID+"/reinstate", admin, nil)
		got := dbtest.Strings(t, s.Instance.Deps.DB, `SELECT action || ':' || reason || ':' || actor_email FROM kit_audit
			WHERE subject_kind = 'vendor' AND subject_id = $1 ORDER BY id`, v.ID)
		want := []string{"approve::ada@example.com", "suspend:Late deliveries:ada@example.com", "reinstate::ada@example.com"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("trail %q, want %q", got, want)
		}
	})
}

// A decision and its audit entry are one transaction: when the entry cannot be
// written the vendor keeps its standing and its history names nothing; the retry
// writes both.
func TestADecisionAndItsAuditEntryCommitTogether(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		d := s.Instance.Deps.DB
		var v storeapi.Vendor
		s.Must(http.StatusCreated, "POST", "/api/vendors", owner, storetest.ShopBody("Rollback Records")).JSON(t, &v)
		refuseAudit(t, d)
		if res := s.Do("POST", "/api/admin/vendors/"+v.ID+"/reject", admin, map[string]string{"reason": "No products"}); res.Status != http.StatusInternalServerError {
			t.Fatalf("reject while the trail is refused: %d %s", res.Status, res.Body)
		}
		var got storeapi.Vendor
		s.Must(200, "GET", "/api/vendors/"+v.Slug, owner, nil).JSON(t, &got)
		if got.Status != "PENDING" || got.StatusReason != "" {
			t.Fatalf("the failed decision stuck: %+v", got)
		}
		if n := dbtest.Strings(t, d, `SELECT id FROM vendor_reviews`); len(n) != 0 {
			t.Fatalf("the vendor's history names a decision that was not made: %v", n)
		}
		acceptAudit(t, d)
		s.Must(200, "POST", "/api/admin/vendors/"+v.ID+"/reject", admin, map[string]string{"reason": "No products"})
		if n := dbtest.Strings(t, d, `SELECT action FROM kit_audit`); len(n) != 1 || n[0] != "reject" {
			t.Fatalf("trail after the retry: %v", n)
		}
		// A decision the vendor's standing refuses writes no entry.
		if res := s.Do("POST", "/api/admin/vendors/"+v.ID+"/suspend", admin, map[string]string{"reason": "x"}); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("suspending a rejected vendor: %s", res.Body)
		}
		if n := dbtest.Strings(t, d, `SELECT action FROM kit_audit`); len(n) != 1 {
			t.Fatalf("trail after a refused decision: %v", n)
		}
	})
}

// refuseAudit makes the database refuse every new audit entry: the last write of a
// decision fails.
func refuseAudit(t *testing.T, d *db.DB) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER refuse_audit BEFORE INSERT ON kit_audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END`}
	if d.Dialect == db.Postgres {
		stmts = []string{`CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER refuse_audit BEFORE INSERT ON kit_audit FOR EACH ROW EXECUTE FUNCTION refuse_audit()`}
	}
	for _, q := range stmts {
		if _, err := d.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func acceptAudit(t *testing.T, d *db.DB) {
	t.Helper()
	q := `DROP TRIGGER refuse_audit`
	if d.Dialect == db.Postgres {
		q = `DROP TRIGGER refuse_audit ON kit_audit`
	}
	if _, err := d.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// The admin queue lists the applications waiting, newest first, as the portal's
// admin desk lists everything, each linking to its review page here.
func TestAdminQueueNewestFirst(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	var first, second storeapi.Vendor
	s.Must(http.StatusCreated, "POST", "/api/vendors", owner, storetest.ShopBody("First Threads")).JSON(t, &first)
	s.Must(http.StatusCreated, "POST", "/api/vendors", other, storetest.ShopBody("Second Soles")).JSON(t, &second)
	var q struct {
		Items []storeapi.QueueItem `json:"items"`
	}
	s.Must(http.StatusOK, "GET", "/api/admin/queue", admin, nil).JSON(t, &q)
	if len(q.Items) != 2 || q.Items[0].ID != second.ID || q.Items[1].ID != first.ID ||
		q.Items[0].URL != s.URL+"/admin/vendors/"+second.ID || q.Items[0].Kind != "vendor_application" {
		t.Fatalf("queue: %+v", q.Items)
	}
	s.Must(http.StatusOK, "GET", "/api/admin/queue?limit=1&offset=1", admin, nil).JSON(t, &q)
	if len(q.Items) != 1 || q.Items[0].ID != first.ID {
		t.Fatalf("second page: %+v", q.Items)
	}
}
