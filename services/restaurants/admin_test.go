package restaurants_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/resttest"
)

type queueItem struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"createdAt"`
	URL       string    `json:"url"`
}

func apply(t *testing.T, e *resttest.Env, name string) string {
	t.Helper()
	return e.Must(201, "POST", "/api/restaurants", &resttest.Owner, map[string]any{"name": name, "cuisine": "Soul food",
		"address": "500 E 47th St, Chicago", "phone": "773-555-0147", "description": "Greens and grits"}).Map(t)["id"].(string)
}

func queue(t *testing.T, e *resttest.Env, query string) web.List[queueItem] {
	t.Helper()
	var l web.List[queueItem]
	e.Must(200, "GET", "/api/admin/queue"+query, &resttest.Admin, nil).JSON(t, &l)
	return l
}

// The queue is the applications waiting for approval, newest first, each linking to
// its review page here; admins only.
func TestAdminQueueListsApplicationsWaiting(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		e.Must(401, "GET", "/api/admin/queue", nil, nil)
		e.Must(403, "GET", "/api/admin/queue", &resttest.Owner, nil)
		if l := queue(t, e, ""); len(l.Items) != 0 || l.Pagination.Total != 0 {
			t.Fatalf("empty queue: %+v", l)
		}
		first := apply(t, e, "Rita's Kitchen")
		second := apply(t, e, "Sol's Wings")
		l := queue(t, e, "")
		if len(l.Items) != 2 || l.Pagination.Total != 2 || l.Items[0].ID != second || l.Items[1].ID != first {
			t.Fatalf("queue: %+v", l)
		}
		it := l.Items[0]
		if it.Kind != "restaurant_application" || !strings.Contains(it.Title, "Sol's Wings") || it.CreatedAt.IsZero() ||
			it.URL != e.URL+"/admin/restaurants/"+second {
			t.Fatalf("item: %+v", it)
		}
		if l := queue(t, e, "?limit=1&offset=1"); len(l.Items) != 1 || l.Items[0].ID != first || l.Pagination.HasMore {
			t.Fatalf("second page: %+v", l)
		}
		e.Must(200, "POST", "/api/admin/restaurants/"+first+"/approve", &resttest.Admin, nil)
		if l := queue(t, e, ""); len(l.Items) != 1 || l.Items[0].ID != second {
			t.Fatalf("after approving one: %+v", l)
		}
	})
}

// Rejecting and suspending need a reason, which the owner reads; every decision is
// in the trail and tells the owner by e-mail.
func TestDecisionsKeepTheirReasonTrailAndMail(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		id := apply(t, e, "Rita's Kitchen")
		path := "/api/admin/restaurants/" + id
		for _, body := range []any{nil, map[string]string{"reason": "   "}} {
			if r := e.Do("POST", path+"/reject", &resttest.Admin, body); r.Status != 400 || r.Code() != "VALIDATION_FAILED" ||
				!strings.Contains(string(r.Body), `"reason"`) {
				t.Fatalf("reject without a reason: %d %s", r.Status, r.Body)
			}
		}
		e.Must(404, "POST", path+"/delete", &resttest.Admin, nil)
		e.Must(403, "POST", path+"/reject", &resttest.Owner, map[string]string{"reason": "x"})
		rejected := e.Must(200, "POST", path+"/reject", &resttest.Admin,
			map[string]string{"reason": "The address is a parking lot."}).Map(t)
		if rejected["status"] != "REJECTED" || rejected["statusReason"] != "The address is a parking lot." {
			t.Fatalf("rejected: %v", rejected)
		}
		mine := e.Must(200, "GET", "/api/me/restaurants", &resttest.Owner, nil).Map(t)["items"].([]any)[0].(map[string]any)
		if mine["statusReason"] != "The address is a parking lot." {
			t.Fatalf("the owner's view: %v", mine)
		}
		// Approving clears the reason; suspending and reinstating follow the machine.
		if r := e.Do("POST", path+"/reinstate", &resttest.Admin, nil); r.Status != 409 || r.Code() != "INVALID_TRANSITION" {
			t.Fatalf("reinstate a rejected one: %d %s", r.Status, r.Body)
		}
		if got := e.Must(200, "POST", path+"/approve", &resttest.Admin, `{"reason":"Moved to a real address"}`).Map(t); got["statusReason"] != nil {
			t.Fatalf("approved: %v", got)
		}
		e.Must(200, "POST", path+"/suspend?reason=Closed+by+the+health+department", &resttest.Admin, nil)
		e.Must(200, "POST", path+"/reinstate", &resttest.Admin, nil)

		d := e.Instance.Deps.DB
		actions := dbtest.Strings(t, d, `SELECT action || ':' || actor_email || ':' || reason FROM kit_audit
			WHERE subject_kind = 'restaurant' AND subject_id = $1 ORDER BY id`, id)
		want := []string{"reject:admin@example.com:The address is a parking lot.", "approve:admin@example.com:Moved to a real address",
			"suspend:admin@example.com:Closed by the health department", "reinstate:admin@example.com:"}
		if strings.Join(actions, "|") != strings.Join(want, "|") {
			t.Fatalf("trail %q, want %q", actions, want)
		}
		subjects := dbtest.Strings(t, d, `SELECT subject FROM kit_outbox_mail WHERE to_addrs = 'owner@example.com' ORDER BY created_at, subject`)
		if len(subjects) != 4 || !strings.Contains(strings.Join(subjects, "|"), "was not approved") {
			t.Fatalf("mail to the owner: %q", subjects)
		}
	})
}

// A decision, its audit entry and its e-mail are one transaction: when the last of
// them fails, the decision is not made and the trail does not name it.
func TestADecisionAndItsAuditEntryCommitTogether(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		id := apply(t, e, "Rita's Kitchen")
		d := e.Instance.Deps.DB
		refuseMail(t, d)
		if r := e.Do("POST", "/api/admin/restaurants/"+id+"/reject", &resttest.Admin, map[string]string{"reason": "No kitchen"}); r.Status != 500 {
			t.Fatalf("reject while mail is refused: %d %s", r.Status, r.Body)
		}
		if got := e.Must(200, "GET", "/api/me/restaurants", &resttest.Owner, nil).Map(t)["items"].([]any)[0].(map[string]any); got["status"] != "PENDING" {
			t.Fatalf("the failed decision stuck: %v", got)
		}
		if n := dbtest.Strings(t, d, `SELECT id FROM kit_audit`); len(n) != 0 {
			t.Fatalf("the trail names a decision that was not made: %v", n)
		}
		acceptMail(t, d)
		e.Must(200, "POST", "/api/admin/restaurants/"+id+"/reject", &resttest.Admin, map[string]string{"reason": "No kitchen"})
		if n := dbtest.Strings(t, d, `SELECT action FROM kit_audit`); len(n) != 1 || n[0] != "reject" {
			t.Fatalf("trail after the retry: %v", n)
		}
	})
}

// refuseMail makes the database refuse every new message in the outbox: the last
// write of a decision fails.
func refuseMail(t *testing.T, d *db.DB) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER refuse_mail BEFORE INSERT ON kit_outbox_mail BEGIN SELECT RAISE(ABORT, 'mail refused'); END`}
	if d.Dialect == db.Postgres {
		stmts = []string{`CREATE FUNCTION refuse_mail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'mail refused'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER refuse_mail BEFORE INSERT ON kit_outbox_mail FOR EACH ROW EXECUTE FUNCTION refuse_mail()`}
	}
	for _, s := range stmts {
		if _, err := d.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

func acceptMail(t *testing.T, d *db.DB) {
	t.Helper()
	q := `DROP TRIGGER refuse_mail`
	if d.Dialect == db.Postgres {
		q = `DROP TRIGGER refuse_mail ON kit_outbox_mail`
	}
	if _, err := d.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// The admin pages: the list of applications, the review page with the application
// and the trail, decisions by form, a missing reason kept on the page.
func TestAdminPages(t *testing.T) {
	e := resttest.Start(t, resttest.Options{})
	id := apply(t, e, "Rita's Kitchen")
	page := func(c *http.Client, path string) (int, string) {
		t.Helper()
		res, err := c.Get(e.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		return readPage(t, res)
	}
	admin := e.Browser(&resttest.Admin)
	if code, _ := page(e.Browser(&resttest.Owner), "/admin"); code != 403 {
		t.Fatalf("owner opens /admin: %d", code)
	}
	code, body := page(admin, "/admin")
	if code != 200 || !strings.Contains(body, "Rita&#39;s Kitchen") || !strings.Contains(body, `href="/admin/restaurants/`+id+`"`) ||
		!strings.Contains(body, "Waiting for approval") {
		t.Fatalf("/admin: %d %s", code, body)
	}
	code, body = page(admin, "/admin/restaurants/"+id)
	for _, want := range []string{"owner@example.com", "773-555-0147", "Greens and grits", `id="decide-approve"`, `id="decide-reject"`,
		"No admin has decided"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("review page without %q: %d %s", want, code, body)
		}
	}
	if strings.Contains(body, ">PENDING<") {
		t.Fatalf("raw status on the page: %s", body)
	}
	post := func(path string, form url.Values) (int, string) {
		t.Helper()
		res, err := admin.PostForm(e.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		return readPage(t, res)
	}
	code, body = post("/admin/restaurants/"+id+"/reject", url.Values{"reason": {"  "}})
	if code != 400 || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "The reason is required") {
		t.Fatalf("reject without a reason: %d %s", code, body)
	}
	code, body = post("/admin/restaurants/"+id+"/reject", url.Values{"reason": {"Parking lot, not a kitchen"}})
	if code != 200 || !strings.Contains(body, "Parking lot, not a kitchen") || !strings.Contains(body, "admin@example.com") ||
		!strings.Contains(body, `id="decide-approve"`) || strings.Contains(body, `id="decide-reject"`) {
		t.Fatalf("after rejecting: %d %s", code, body)
	}
	code, body = page(e.Browser(&resttest.Owner), "/dashboard/"+id)
	if code != 200 || !strings.Contains(body, "Parking lot, not a kitchen") {
		t.Fatalf("the owner's dashboard: %d %s", code, body)
	}
}

func readPage(t *testing.T, res *http.Response) (int, string) {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}
