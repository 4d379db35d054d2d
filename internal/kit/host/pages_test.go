package host_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/web"
)

const (
	browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	portalURL     = "https://stepperslife.example"
	publicURL     = "https://store.stepperslife.example"
)

// buildAt builds svc with the portal and its own public address set.
func buildAt(t *testing.T, svc host.Service) *host.Instance {
	t.Helper()
	env := map[string]string{"DATA_DIR": t.TempDir(), "NEXTAUTH_URL": portalURL, "PUBLIC_URL": publicURL}
	cfg, err := config.Load(svc.Name, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	in, err := host.Build(context.Background(), cfg, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	return in
}

func fetch(h http.Handler, method, path, accept string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// isPage fails unless rec is a kit page with status, reading heading.
func isPage(t *testing.T, what string, rec *httptest.ResponseRecorder, status int, heading string) string {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%s: %d %q, want a %d page: %s", what, rec.Code, rec.Header().Get("Content-Type"), status, body)
	}
	if !strings.Contains(body, "<h1") || !strings.Contains(body, heading) {
		t.Fatalf("%s: no heading %q: %s", what, heading, body)
	}
	if !strings.Contains(body, `class="brand" href="`+portalURL+`/"`) || !strings.Contains(body, `action="`+portalURL+`/search"`) {
		t.Fatalf("%s: not in the kit layout with the header search: %s", what, body)
	}
	if strings.Contains(body, `"code"`) || strings.Contains(body, `"requestId"`) {
		t.Fatalf("%s: JSON on the page: %s", what, body)
	}
	return body
}

// Browsers get the branded page for every failure, with its status, a search, a
// way home and the request id; API clients keep the contract's JSON.
func TestFailuresAnswerBrowsersWithAPageAndAPIClientsWithJSON(t *testing.T) {
	in := buildAt(t, host.Service{Name: "events", Build: func(d *host.Deps) (host.Parts, error) {
		d.Mux.HandleFunc("GET /api/boom", func(http.ResponseWriter, *http.Request) { panic("pq: secret internals") })
		d.Mux.HandleFunc("GET /private", auth.RequireRole(func(http.ResponseWriter, *http.Request) {}, auth.RoleAdmin))
		d.Mux.HandleFunc("GET /down", func(w http.ResponseWriter, r *http.Request) {
			web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, "Restaurants is not answering."))
		})
		d.Mux.HandleFunc("POST /api/things", func(http.ResponseWriter, *http.Request) {})
		return host.Parts{Feed: feed.None{}}, nil
	}})
	for _, c := range []struct {
		method, path string
		status       int
		heading      string
	}{
		{"GET", "/no/such/page", 404, "We could not find that page"},
		{"GET", "/api/things", 405, "That page cannot be opened this way"},
		{"GET", "/private", 401, "Please sign in"},
		{"GET", "/down", 503, "This part of SteppersLife is taking a break"},
		{"GET", "/api/boom", 500, "Something went wrong on our side"},
	} {
		rec := fetch(in.Handler, c.method, c.path, browserAccept)
		body := isPage(t, c.method+" "+c.path, rec, c.status, c.heading)
		if id := rec.Header().Get(web.RequestIDHeader); id == "" || !strings.Contains(body, "<code>"+id+"</code>") {
			t.Errorf("%s: the request id %q is not on the page", c.path, id)
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "pq:") {
			t.Errorf("%s: internals on the page: %s", c.path, body)
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: an error page may be cached: %q", c.path, rec.Header().Get("Cache-Control"))
		}
		for _, accept := range []string{"", "*/*", "application/json"} {
			api := fetch(in.Handler, c.method, c.path, accept)
			var b web.Body
			if err := json.Unmarshal(api.Body.Bytes(), &b); err != nil || api.Code != c.status || b.Code == "" {
				t.Errorf("API %s (Accept %q): %d %s", c.path, accept, api.Code, api.Body)
			}
		}
	}
	// Signing in from the 401 page comes back to the page asked for, at the
	// service's public address.
	body := fetch(in.Handler, "GET", "/private?tab=2", browserAccept).Body.String()
	if want := portalURL + "/signin?next=https%3a%2f%2fstore.stepperslife.example%2fprivate%3ftab%3d2"; !strings.Contains(strings.ToLower(body), want) {
		t.Errorf("the 401 page's sign-in link does not come back here (%s): %s", want, body)
	}
}

// The four sections that are not open yet answer / with a page that says what
// they will be and invites the people who would list there; elsewhere, the 404 page.
func TestShellsHaveAComingSoonHome(t *testing.T) {
	for name, invite := range map[string]string{
		"store": "Sell steppin shoes, apparel or gear?", "classes": "Teach steppin?",
		"services": "Offer a service to the community?", "magazine": "Write about steppin?",
	} {
		in := buildAt(t, host.Shell(name))
		body := isPage(t, name+" /", fetch(in.Handler, "GET", "/", browserAccept), 200, "coming soon")
		if !strings.Contains(body, invite) || !strings.Contains(body, `href="`+portalURL+`/account"`) {
			t.Errorf("%s: the home page does not invite its people to their account: %s", name, body)
		}
		// The menu's dashboard link for its owners lands on the same page.
		isPage(t, name+" /dashboard", fetch(in.Handler, "GET", "/dashboard", browserAccept), 200, invite)
		isPage(t, name+" /nope", fetch(in.Handler, "GET", "/nope", browserAccept), 404, "We could not find that page")
	}
}

// A service with a home of its own keeps it: the kit adds nothing at / or /dashboard.
func TestAServicesOwnHomeIsKept(t *testing.T) {
	in := buildAt(t, host.Service{Name: "restaurants", Build: func(d *host.Deps) (host.Parts, error) {
		d.Mux.Handle("GET /{$}", http.RedirectHandler(portalURL+"/restaurants", http.StatusFound))
		return host.Parts{}, nil
	}})
	if rec := fetch(in.Handler, "GET", "/", browserAccept); rec.Code != http.StatusFound {
		t.Fatalf("/: %d", rec.Code)
	}
	isPage(t, "/dashboard", fetch(in.Handler, "GET", "/dashboard", browserAccept), 404, "We could not find that page")
}

// Every service tells its public address, which the portal's /go links use.
func TestEveryServiceTellsItsPublicAddress(t *testing.T) {
	in := buildAt(t, host.Shell("store"))
	rec := fetch(in.Handler, "GET", host.SitePath, "")
	var info host.SiteInfo
	if err := json.Unmarshal(rec.Body.Bytes(), &info); err != nil || rec.Code != 200 ||
		info != (host.SiteInfo{Service: "store", PublicURL: publicURL}) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
