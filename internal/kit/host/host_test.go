package host_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
)

// build builds svc on SQLite in a temporary folder.
func build(t *testing.T, svc host.Service) (*host.Instance, error) {
	t.Helper()
	cfg, err := config.Load(svc.Name, func(k string) string {
		return map[string]string{"DATA_DIR": t.TempDir()}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	in, err := host.Build(context.Background(), cfg, svc, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil {
		t.Cleanup(in.Close)
	}
	return in, err
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// A service that offers a feed gets the feed routes; one that offers none (the
// portal) gets none from the kit.
func TestFeedRoutesOnlyForAServiceThatOffersAFeed(t *testing.T) {
	for _, tc := range []struct {
		parts host.Parts
		want  int
	}{{host.Parts{Feed: feed.None{}}, http.StatusOK}, {host.Parts{}, http.StatusNotFound}} {
		in, err := build(t, host.Service{Name: "events", Build: func(*host.Deps) (host.Parts, error) { return tc.parts, nil }})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/api/feed", "/api/search?q=x"} {
			if rec := get(in.Handler, path); rec.Code != tc.want {
				t.Errorf("feed %v: GET %s = %d, want %d", tc.parts.Feed != nil, path, rec.Code, tc.want)
			}
		}
	}
}

// Every service answers GET /api/admin/queue, admins only: its own queue, an empty
// one when it names none, or, like the portal, its own route when it mounted one.
func TestEveryServiceAnswersTheAdminQueue(t *testing.T) {
	admin := &auth.User{ID: "a1", Email: "ada@example.com", Roles: []string{auth.RoleUser, auth.RoleAdmin}}
	dancer := &auth.User{ID: "d1", Email: "dee@example.com", Roles: []string{auth.RoleUser}}
	own := func(d *host.Deps) {
		d.Mux.HandleFunc("GET "+adminq.Path, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	}
	for _, tc := range []struct {
		name  string
		parts host.Parts
		mount func(*host.Deps)
		who   *auth.User
		want  int
		body  string
	}{
		{"signed out", host.Parts{AdminQueue: adminq.None{}}, nil, nil, http.StatusUnauthorized, ""},
		{"not an admin", host.Parts{AdminQueue: adminq.None{}}, nil, dancer, http.StatusForbidden, ""},
		{"an admin", host.Parts{AdminQueue: adminq.None{}}, nil, admin, http.StatusOK, `{"items":[],`},
		{"no queue named", host.Parts{}, nil, admin, http.StatusOK, `{"items":[],`},
		{"its own route", host.Parts{}, own, admin, http.StatusTeapot, ""},
	} {
		in, err := build(t, host.Service{Name: "events", Build: func(d *host.Deps) (host.Parts, error) {
			if tc.mount != nil {
				tc.mount(d)
			}
			return tc.parts, nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if rec := get(in.HandlerWith(fixedVerifier{tc.who}), adminq.Path); rec.Code != tc.want || !strings.HasPrefix(rec.Body.String(), tc.body) {
			t.Errorf("%s: GET %s = %d %s, want %d", tc.name, adminq.Path, rec.Code, rec.Body, tc.want)
		}
	}
	// Its own route and a queue in Parts as well is a mistake the build names.
	_, err := build(t, host.Service{Name: "events", Build: func(d *host.Deps) (host.Parts, error) {
		own(d)
		return host.Parts{AdminQueue: adminq.None{}}, nil
	}})
	if err == nil || !strings.Contains(err.Error(), adminq.Path) {
		t.Errorf("both a route and a queue: %v", err)
	}
}

type fixedVerifier struct{ u *auth.User }

func (v fixedVerifier) Verify(*http.Request) (*auth.User, error) { return v.u, nil }

// The verifier a service returns names its callers; HandlerWith swaps it for tests.
func TestTheServicesVerifierNamesCallers(t *testing.T) {
	kim := &auth.User{ID: "u1", Email: "kim@example.com", Name: "Kim", Roles: []string{auth.RoleUser}}
	in, err := build(t, host.Service{Name: "portal", Build: func(*host.Deps) (host.Parts, error) {
		return host.Parts{Verifier: fixedVerifier{kim}}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rec := get(in.Handler, "/api/me"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "kim@example.com") {
		t.Fatalf("/api/me: %d %s", rec.Code, rec.Body)
	}
	if rec := get(in.HandlerWith(fixedVerifier{}), "/api/me"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("/api/me with no caller: %d %s", rec.Code, rec.Body)
	}
}

// Without a verifier of its own a service checks the portal's session tokens, so a
// made-up token names nobody.
func TestTheKitVerifiesPortalTokensByDefault(t *testing.T) {
	in, err := build(t, host.Service{Name: "events"})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
	req.Header.Set("Authorization", "Bearer not-a-token")
	rec := httptest.NewRecorder()
	in.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("/api/me with a made-up token: %d %s", rec.Code, rec.Body)
	}
}

// The kit's tables exist only for a service that lists them.
func TestKitTablesOnlyWhenListed(t *testing.T) {
	for _, tc := range []struct {
		sets []db.Migrations
		want bool
	}{{[]db.Migrations{host.KitMigrations}, true}, {nil, false}} {
		in, err := build(t, host.Service{Name: "store", Migrations: tc.sets})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		err = in.Deps.DB.QueryRow(`SELECT COUNT(*) FROM idempotency_keys`).Scan(&n)
		if (err == nil) != tc.want {
			t.Errorf("kit tables listed %v: idempotency_keys query error %v", tc.want, err)
		}
	}
}

// What Build returns is kept on the instance; a failed Build stops the background
// work it started and names the service.
func TestBuildReturnsWhatTheServiceBuilt(t *testing.T) {
	type useCases struct{ name string }
	mine := &useCases{"mine"}
	in, err := build(t, host.Service{Name: "classes", Build: func(*host.Deps) (host.Parts, error) {
		return host.Parts{App: mine}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := in.Parts.App.(*useCases); got != mine {
		t.Fatalf("Parts.App = %v", in.Parts.App)
	}

	stopped := make(chan struct{})
	_, err = build(t, host.Service{Name: "magazine", Build: func(d *host.Deps) (host.Parts, error) {
		d.Go(func(ctx context.Context) { <-ctx.Done(); close(stopped) })
		return host.Parts{}, errors.New("no templates")
	}})
	if err == nil || !strings.Contains(err.Error(), "magazine: no templates") {
		t.Fatalf("error %v", err)
	}
	select {
	case <-stopped:
	default:
		t.Fatal("the background work of a failed build still runs")
	}
}

// A shell has the kit's tables and a feed and an admin queue that answer empty lists.
func TestShell(t *testing.T) {
	svc := host.Shell("store")
	if svc.Name != "store" {
		t.Errorf("named %q", svc.Name)
	}
	in, err := build(t, svc)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := in.Deps.DB.QueryRow(`SELECT COUNT(*) FROM idempotency_keys`).Scan(&n); err != nil {
		t.Errorf("kit tables: %v", err)
	}
	if err := in.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_audit`).Scan(&n); err != nil {
		t.Errorf("audit trail: %v", err)
	}
	for _, path := range []string{"/api/feed", "/api/search?q=x"} {
		if rec := get(in.Handler, path); rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, rec.Code)
		}
	}
	admin := &auth.User{ID: "a1", Email: "ada@example.com", Roles: []string{auth.RoleUser, auth.RoleAdmin}}
	if rec := get(in.HandlerWith(fixedVerifier{admin}), adminq.Path); rec.Code != http.StatusOK ||
		!strings.HasPrefix(rec.Body.String(), `{"items":[],"pagination":{"total":0,`) {
		t.Errorf("GET %s = %d %s, want an empty list", adminq.Path, rec.Code, rec.Body)
	}
}
