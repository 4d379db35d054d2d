package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/platform"
	"stepperslife/services/portal/accounts"
)

// queueServices stand in for the six services' admin queues: restaurants has two
// applications and a card refund Stripe has not settled waiting, store is down, the others have nothing waiting. Each answers
// only a caller who brings a token, as the services do.
func queueServices(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, s := range platform.Verticals() {
		if s.Name == "store" {
			env[s.URLVar] = "http://127.0.0.1:1" // nothing listens
			continue
		}
		var items []adminq.Item
		if s.Name == "restaurants" {
			items = []adminq.Item{
				{Kind: "restaurant_application", ID: "rst_2", Title: "Sol's Wings · Soul food", CreatedAt: time.Now().Add(-time.Hour).UTC(),
					URL: "http://restaurants.test/admin/restaurants/rst_2"},
				{Kind: "refund_stuck", ID: "ord_1", Title: "Refund of $25.98 to Carl Customer · Sol's Wings order R-7",
					CreatedAt: time.Now().Add(-90 * time.Minute).UTC(), URL: "http://restaurants.test/admin/orders/ord_1"},
				{Kind: "restaurant_application", ID: "rst_1", Title: "Rita's Kitchen · Soul food", CreatedAt: time.Now().Add(-2 * time.Hour).UTC(),
					URL: "http://restaurants.test/admin/restaurants/rst_1"},
			}
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != adminq.Path || !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"error":"Sign in","code":"UNAUTHENTICATED","requestId":""}`))
				return
			}
			_ = json.NewEncoder(w).Encode(web.NewList(items, len(items), web.Page{Limit: 20}))
		}))
		t.Cleanup(srv.Close)
		env[s.URLVar] = srv.URL
	}
	return env
}

func TestAdminDeskAndRoles(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { adminDesk(t, queueServices(t)) })
	t.Run("postgres", func(t *testing.T) {
		env := queueServices(t)
		env["DATABASE_URL"] = dbtest.PostgresURL(t)
		adminDesk(t, env)
	})
}

func adminDesk(t *testing.T, env map[string]string) {
	p := startPortal(t, env)
	ann, bob := newClient(t, p.URL), newClient(t, p.URL)
	annID := str(register(t, ann, "ann@example.com", "dancing-shoes", "Ann Admin"), "user", "id")
	bobID := str(register(t, bob, "bob@example.com", "bob-password", "Bob Stepper"), "user", "id")
	if _, err := accounts.New(accounts.NewStore(p.In.Deps.DB)).SetRoleByEmail(context.Background(), "ann@example.com", "ADMIN", true); err != nil {
		t.Fatal(err)
	}
	adminTok := login(t, ann, "ann@example.com", "dancing-shoes")
	bobTok := login(t, bob, "bob@example.com", "bob-password")

	// The queue API: admins only, every service a section, the one down named.
	if a := newClient(t, p.URL).do("GET", "/api/admin/queue", nil, nil); a.Status != 401 {
		t.Fatalf("anonymous queue: %d", a.Status)
	}
	if a := bob.do("GET", "/api/admin/queue", nil, bearer(bobTok)); a.Status != 403 {
		t.Fatalf("dancer's queue: %d", a.Status)
	}
	q := ann.do("GET", "/api/admin/queue", nil, bearer(adminTok))
	if q.Status != 200 || q.Body["complete"] != false || q.Header.Get("X-Aggregate-Complete") != "false" {
		t.Fatalf("queue: %d %s", q.Status, q.Raw)
	}
	sections := q.Body["sections"].(map[string]any)
	rs := sections["restaurants"].(map[string]any)
	if items := rs["items"].([]any); len(items) != 3 || rs["total"] != 3.0 || rs["complete"] != true ||
		items[0].(map[string]any)["url"] != "http://restaurants.test/admin/restaurants/rst_2" {
		t.Fatalf("restaurants section: %v", rs)
	}
	if st := sections["store"].(map[string]any); st["error"] != "UNAVAILABLE" || st["complete"] != false {
		t.Fatalf("store section: %v", st)
	}

	// The desk page: sign in first; others are refused; the admin sees what waits.
	if a := newClient(t, p.URL).do("GET", "/admin", nil, nil); a.Status != http.StatusSeeOther ||
		a.Header.Get("Location") != "/signin?next=%2Fadmin" {
		t.Fatalf("anonymous desk: %d %v", a.Status, a.Header)
	}
	if a := bob.do("GET", "/admin", nil, nil); a.Status != 403 {
		t.Fatalf("dancer's desk: %d", a.Status)
	}
	desk := ann.do("GET", "/admin", nil, nil)
	for _, want := range []string{"3 things wait for an admin", `href="http://restaurants.test/admin/restaurants/rst_2"`,
		`href="http://restaurants.test/admin/orders/ord_1"`, "Refund stuck", "Refund of $25.98 to Carl Customer",
		"Sol&#39;s Wings · Soul food", "Restaurant application", "Store is not answering right now", "1 part of SteppersLife did not answer",
		`href="/go/restaurants/admin"`, `href="/go/events/admin"`} {
		if desk.Status != 200 || !strings.Contains(desk.Raw, want) {
			t.Fatalf("desk without %q: %d %s", want, desk.Status, desk.Raw)
		}
	}
	if sol, refund, rita := strings.Index(desk.Raw, "Sol&#39;s Wings · Soul food"), strings.Index(desk.Raw, "Refund of"),
		strings.Index(desk.Raw, "Rita&#39;s Kitchen"); !(sol < refund && refund < rita) {
		t.Fatalf("not newest first: %s", desk.Raw)
	}

	// The role API keeps the reason, who and when.
	a := ann.do("POST", "/api/admin/users/"+bobID+"/roles", map[string]string{"role": "INSTRUCTOR", "reason": "Teaches Tuesdays"}, bearer(adminTok))
	if a.Status != 200 || !slices.Contains(roles(a.Body), "INSTRUCTOR") {
		t.Fatalf("grant: %d %s", a.Status, a.Raw)
	}
	if a := ann.do("DELETE", "/api/admin/users/"+bobID+"/roles/INSTRUCTOR", map[string]string{"reason": "Class moved away"}, bearer(adminTok)); a.Status != 200 {
		t.Fatalf("revoke: %d %s", a.Status, a.Raw)
	}
	if a := ann.do("DELETE", "/api/admin/users/"+annID+"/roles/ADMIN", nil, bearer(adminTok)); a.Status != 403 {
		t.Fatalf("own ADMIN revoked: %d %s", a.Status, a.Raw)
	}
	trail := dbtest.Strings(t, p.In.Deps.DB, `SELECT action || ':' || detail || ':' || actor_email || ':' || reason FROM kit_audit
		WHERE subject_kind = 'user' AND subject_id = $1 ORDER BY id`, bobID)
	if strings.Join(trail, "|") != "grant_role:INSTRUCTOR:ann@example.com:Teaches Tuesdays|revoke_role:INSTRUCTOR:ann@example.com:Class moved away" {
		t.Fatalf("trail: %q", trail)
	}

	// The pages: find Bob, grant a role with a reason (required here), see the trail.
	found := ann.do("GET", "/admin/users?q=BOB", nil, nil)
	if found.Status != 200 || !strings.Contains(found.Raw, `href="/admin/users/`+bobID+`"`) {
		t.Fatalf("search: %d %s", found.Status, found.Raw)
	}
	form := func(path string, v url.Values) answer {
		return ann.do("POST", path, v.Encode(), ann.csrf())
	}
	a = form("/admin/users/"+bobID+"/roles", url.Values{"role": {"STORE_OWNER"}, "reason": {" "}})
	if a.Status != 400 || !strings.Contains(a.Raw, "The reason is required") || !strings.Contains(a.Raw, `role="alert"`) {
		t.Fatalf("grant without a reason: %d %s", a.Status, a.Raw)
	}
	a = form("/admin/users/"+bobID+"/roles", url.Values{"role": {"STORE_OWNER"}, "reason": {"Opens Steppin Threads"}})
	if a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/admin/users/"+bobID+"?flash=") {
		t.Fatalf("grant: %d %v %s", a.Status, a.Header, a.Raw)
	}
	// Followed as the browser does, which says our own form led there.
	page := ann.do("GET", a.Header.Get("Location"), nil, map[string]string{"Sec-Fetch-Site": "same-origin"})
	for _, want := range []string{"Bob Stepper now has Store owner", "Opens Steppin Threads", "Class moved away", `id="revoke-STORE_OWNER"`} {
		if page.Status != 200 || !strings.Contains(page.Raw, want) {
			t.Fatalf("user page without %q: %d %s", want, page.Status, page.Raw)
		}
	}
	if strings.Contains(page.Raw, ">STORE_OWNER<") || strings.Contains(page.Raw, ">grant_role<") {
		t.Fatalf("raw values on the page: %s", page.Raw)
	}
	if own := ann.do("GET", "/admin/users/"+annID, nil, nil); own.Status != 200 || strings.Contains(own.Raw, `id="revoke-ADMIN"`) ||
		!strings.Contains(own.Raw, "You cannot take Admin from yourself") || !strings.Contains(own.Raw, "the operator (command line)") {
		t.Fatalf("own page: %d %s", own.Status, own.Raw)
	}
	if a := form("/admin/users/"+annID+"/roles/ADMIN/revoke", url.Values{"reason": {"testing"}}); a.Status != 403 {
		t.Fatalf("own ADMIN by the page: %d %s", a.Status, a.Raw)
	}
}
