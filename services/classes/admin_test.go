package classes_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/classes/classestest"
)

type waiting struct {
	Items []struct {
		Kind, ID, Title, URL string
	} `json:"items"`
	Pagination struct {
		Total int `json:"total"`
	} `json:"pagination"`
}

func (w waiting) has(kind, id string) bool {
	for _, it := range w.Items {
		if it.Kind == kind && it.ID == id {
			return true
		}
	}
	return false
}

// reviewed makes a class student reviewed after attending; it returns the class and
// the review.
func reviewed(t *testing.T, s *classestest.Server, student *auth.User) (classesapi.Class, classesapi.Review) {
	t.Helper()
	c := s.PublishedClass("Reviewed Steppin", 0, 10, 1)
	var e classesapi.Enrollment
	s.Enrol(student, c.ID, "free", false).JSON(t, &e)
	s.Must(http.StatusOK, "PUT", "/api/classes/"+c.ID+"/sessions/"+c.Sessions[0].ID+"/attendance", teacher,
		map[string]any{"records": []map[string]string{{"enrollmentId": e.ID, "status": "PRESENT"}}})
	var r classesapi.Review
	s.Must(http.StatusCreated, "POST", "/api/classes/"+c.ID+"/reviews", student, map[string]any{"rating": 1, "body": "Rude words here."}).JSON(t, &r)
	return c, r
}

// Instructors wait on the admin queue until verified; a reported review is hidden
// and waits until an admin keeps it (shown again, not reportable again) or removes
// it (a reason required). Every decision is in the audit trail.
func TestAdminQueueReportsAndTrail(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		d := s.Instance.Deps.DB
		var p classesapi.Instructor
		s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "Tina Teacher"}).JSON(t, &p)
		var q waiting
		s.Must(http.StatusOK, "GET", "/api/admin/queue", admin, nil).JSON(t, &q)
		if !q.has("instructor_to_verify", p.ID) || q.Pagination.Total != 1 || !strings.HasPrefix(q.Items[0].URL, s.URL+"/admin/instructors/") {
			t.Fatalf("queue with an instructor to verify: %+v", q)
		}
		if res := s.Do("POST", "/api/admin/instructors/"+p.ID+"/verify", admin, map[string]string{"reason": strings.Repeat("x", 1001)}); res.Code() != "VALIDATION_FAILED" {
			t.Fatalf("a note too long: %s", res.Body)
		}
		s.Must(http.StatusOK, "POST", "/api/admin/instructors/"+p.ID+"/verify", admin, map[string]string{"reason": "Met her at the Mansion"})
		s.Must(http.StatusOK, "POST", "/api/admin/instructors/"+p.ID+"/feature", admin, nil)

		c, r := reviewed(t, s, classestest.StudentN(1))
		if res := s.Do("POST", "/api/reviews/"+r.ID+"/report", classestest.StudentN(1), map[string]string{"reason": "Mine"}); res.Status != http.StatusForbidden {
			t.Fatalf("reporting one's own review: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/reviews/"+r.ID+"/report", student, map[string]string{"reason": " "}); res.Code() != "VALIDATION_FAILED" {
			t.Fatalf("a report without a reason: %s", res.Body)
		}
		if res := s.Do("POST", "/api/reviews/"+r.ID+"/report", nil, map[string]string{"reason": "Rude"}); res.Status != http.StatusUnauthorized {
			t.Fatalf("a report signed out: %d", res.Status)
		}
		var got classesapi.Review
		s.Must(http.StatusOK, "POST", "/api/reviews/"+r.ID+"/report", student, map[string]string{"reason": "Rude to the teacher"}).JSON(t, &got)
		if got.Standing != "REPORTED" {
			t.Fatalf("reported: %+v", got)
		}
		if res := s.Do("POST", "/api/reviews/"+r.ID+"/report", classestest.StudentN(2), map[string]string{"reason": "Again"}); res.Code() != "CONFLICT" {
			t.Fatalf("reporting a reported review: %s", res.Body)
		}
		list := s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/reviews", nil, nil)
		if strings.Contains(string(list.Body), r.ID) {
			t.Fatalf("a reported review is still shown: %s", list.Body)
		}
		s.Must(http.StatusOK, "GET", "/api/admin/queue", admin, nil).JSON(t, &q)
		if q.has("instructor_to_verify", p.ID) || !q.has("review_reported", r.ID) || q.Pagination.Total != 1 {
			t.Fatalf("queue after verifying and a report: %+v", q)
		}
		if res := s.Do("POST", "/api/admin/reviews/"+r.ID+"/remove", admin, nil); res.Code() != "VALIDATION_FAILED" {
			t.Fatalf("removing without a reason: %s", res.Body)
		}
		if res := s.Do("POST", "/api/admin/reviews/"+r.ID+"/keep", teacher, nil); res.Status != http.StatusForbidden {
			t.Fatalf("an instructor deciding: %d", res.Status)
		}
		s.Must(http.StatusOK, "POST", "/api/admin/reviews/"+r.ID+"/keep", admin, nil).JSON(t, &got)
		if got.Standing != "KEPT" {
			t.Fatalf("kept: %+v", got)
		}
		if res := s.Do("POST", "/api/admin/reviews/"+r.ID+"/remove", admin, map[string]string{"reason": "x"}); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("deciding twice: %s", res.Body)
		}
		if res := s.Do("POST", "/api/reviews/"+r.ID+"/report", classestest.StudentN(2), map[string]string{"reason": "Again"}); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("reporting a kept review: %s", res.Body)
		}
		if list := s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/reviews", nil, nil); !strings.Contains(string(list.Body), r.ID) {
			t.Fatalf("a kept review is not shown: %s", list.Body)
		}
		s.Must(http.StatusOK, "GET", "/api/admin/queue", admin, nil).JSON(t, &q)
		if q.Pagination.Total != 0 || len(q.Items) != 0 {
			t.Fatalf("queue after deciding: %+v", q)
		}
		trail := dbtest.Strings(t, d, `SELECT subject_kind || ':' || action || ':' || reason FROM kit_audit ORDER BY id`)
		want := "instructor:verify:Met her at the Mansion|instructor:feature:|review:keep:"
		if strings.Join(trail, "|") != want {
			t.Fatalf("trail %q, want %q", trail, want)
		}
	})
}

// A decision and its audit entry are one transaction: when the entry cannot be
// written, the mark or the review's standing stays as it was.
func TestADecisionAndItsAuditEntryCommitTogether(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		d := s.Instance.Deps.DB
		var p classesapi.Instructor
		s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "Tina Teacher"}).JSON(t, &p)
		_, r := reviewed(t, s, classestest.StudentN(1))
		s.Must(http.StatusOK, "POST", "/api/reviews/"+r.ID+"/report", student, map[string]string{"reason": "Rude"})
		refuseAudit(t, d)
		if res := s.Do("POST", "/api/admin/instructors/"+p.ID+"/verify", admin, nil); res.Status != http.StatusInternalServerError {
			t.Fatalf("verify while the trail is refused: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/admin/reviews/"+r.ID+"/remove", admin, map[string]string{"reason": "Abuse"}); res.Status != http.StatusInternalServerError {
			t.Fatalf("remove while the trail is refused: %d %s", res.Status, res.Body)
		}
		s.Must(http.StatusOK, "GET", "/api/instructors/"+p.Slug, nil, nil).JSON(t, &p)
		if p.Verified {
			t.Fatal("the failed verification stuck")
		}
		if got := dbtest.Strings(t, d, `SELECT standing FROM reviews WHERE id = $1`, r.ID); len(got) != 1 || got[0] != "REPORTED" {
			t.Fatalf("the failed removal stuck: %v", got)
		}
		acceptAudit(t, d)
		s.Must(http.StatusOK, "POST", "/api/admin/instructors/"+p.ID+"/verify", admin, nil)
		s.Must(http.StatusOK, "POST", "/api/admin/reviews/"+r.ID+"/remove", admin, map[string]string{"reason": "Abuse"})
		if got := dbtest.Strings(t, d, `SELECT action FROM kit_audit ORDER BY id`); strings.Join(got, ",") != "verify,remove" {
			t.Fatalf("trail after the retries: %v", got)
		}
	})
}

// The admin pages: the queue's two lists, an instructor's marks and a reported
// review's decision by form, each with its trail; nobody else gets in.
func TestClassesAdminPages(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	var p classesapi.Instructor
	s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "Tina Teacher"}).JSON(t, &p)
	c, r := reviewed(t, s, classestest.StudentN(1))

	// Someone reports the review from the class's page.
	sc := s.Browser(student)
	status, html := page(t, sc, s.URL+"/classes/"+c.Slug)
	if status != 200 || !strings.Contains(html, "Rude words here.") || !strings.Contains(html, "/reviews/"+r.ID+"/report") {
		t.Fatalf("class page with its review: %d\n%s", status, html)
	}
	res, err := sc.PostForm(s.URL+"/classes/"+c.Slug+"/reviews/"+r.ID+"/report", url.Values{"reason": {"Rude to the teacher"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if status, html = page(t, sc, s.URL+"/classes/"+c.Slug); strings.Contains(html, "Rude words here.") {
		t.Fatalf("the reported review is still on the page:\n%s", html)
	}

	if status, _ := page(t, s.Browser(teacher), s.URL+"/admin"); status != http.StatusForbidden {
		t.Fatalf("the admin page to an instructor: %d", status)
	}
	ac := s.Browser(admin)
	status, html = page(t, ac, s.URL+"/admin")
	if status != 200 || !strings.Contains(html, "/admin/instructors/"+p.ID) || !strings.Contains(html, "/admin/reviews/"+r.ID) ||
		!strings.Contains(html, "Rude to the teacher") {
		t.Fatalf("admin page: %d\n%s", status, html)
	}
	status, html = page(t, ac, s.URL+"/admin/instructors/"+p.ID)
	if status != 200 || !strings.Contains(html, `action="/admin/instructors/`+p.ID+`/verify"`) || strings.Contains(html, "/unverify") {
		t.Fatalf("instructor page: %d\n%s", status, html)
	}
	res, err = ac.PostForm(s.URL+"/admin/instructors/"+p.ID+"/verify", url.Values{"reason": {"Known teacher"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	status, html = page(t, ac, s.URL+"/admin/instructors/"+p.ID)
	if !strings.Contains(html, `data-value="verify">Verified</span> by ada@example.com`) || !strings.Contains(html, "Known teacher") ||
		!strings.Contains(html, "/unverify") {
		t.Fatalf("instructor page after verifying:\n%s", html)
	}
	// A removal without a reason is told on the review's page, in an alert.
	res, err = ac.PostForm(s.URL+"/admin/reviews/"+r.ID+"/remove", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/admin/reviews/"+r.ID {
		t.Fatalf("a refused removal went to %s", res.Request.URL)
	}
	status, html = page(t, ac, res.Request.URL.String())
	if !strings.Contains(html, `class="error" role="alert"`) || !strings.Contains(html, "reason") {
		t.Fatalf("a removal without a reason:\n%s", html)
	}
	res, err = ac.PostForm(s.URL+"/admin/reviews/"+r.ID+"/remove", url.Values{"reason": {"Abuse"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	status, html = page(t, ac, s.URL+"/admin/reviews/"+r.ID)
	if status != 200 || !strings.Contains(html, `data-value="remove">Removed</span> by ada@example.com`) || strings.Contains(html, "/remove\"") {
		t.Fatalf("review page after removing: %d\n%s", status, html)
	}
	for _, raw := range []string{">REMOVED<", ">REPORTED<", ">remove<", ">verify<"} {
		if strings.Contains(html, raw) {
			t.Fatalf("a raw value %q on the page", raw)
		}
	}
	// The public list of classes is the service's home.
	if status, html := page(t, s.Browser(nil), s.URL+"/"); status != 200 || !strings.Contains(html, "/classes/"+c.Slug) {
		t.Fatalf("home: %d\n%s", status, html)
	}
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
