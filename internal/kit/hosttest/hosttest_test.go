package hosttest_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/web"
)

var kim = &auth.User{ID: "u-kim", Email: "kim@example.com", Name: "Kim", Roles: []string{auth.RoleUser, auth.RoleAdmin},
	EmailVerified: true}

// notes is a tiny service: a form that echoes who posted it.
var notes = host.Service{
	Name:       "magazine",
	Migrations: []db.Migrations{host.KitMigrations},
	Build: func(d *host.Deps) (host.Parts, error) {
		d.Mux.HandleFunc("POST /notes", auth.RequireUser(func(w http.ResponseWriter, r *http.Request) {
			u, _ := auth.FromContext(r.Context())
			web.WriteJSON(w, http.StatusCreated, map[string]string{"by": u.Email, "sid": u.SessionID})
		}))
		return host.Parts{Feed: feed.None{}, App: "notes"}, nil
	},
}

func TestTokenNamesTheCallerInHeaderOrCookie(t *testing.T) {
	check := func(how string, req *http.Request, want *auth.User) {
		t.Helper()
		u, err := hosttest.Verifier{}.Verify(req)
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		if want == nil {
			if u != nil {
				t.Fatalf("%s: %+v, want nobody", how, u)
			}
			return
		}
		if u == nil || u.ID != want.ID || u.Email != want.Email || u.Name != want.Name ||
			!slices.Equal(u.Roles, want.Roles) || u.EmailVerified != want.EmailVerified || u.SessionID != hosttest.SessionID {
			t.Fatalf("%s: %+v, want %+v", how, u, want)
		}
	}
	req, _ := http.NewRequest("GET", "/", nil)
	check("anonymous", req, nil)
	hosttest.Authorize(req, kim)
	check("bearer", req, kim)
	req, _ = http.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: auth.AccessCookie, Value: hosttest.Token(kim)})
	check("cookie", req, kim)

	req, _ = http.NewRequest("GET", "/", nil)
	req.Header.Set("Authorization", "Bearer eyJhbGciOiJFZERTQSJ9.e30.sig")
	if u, err := (hosttest.Verifier{}).Verify(req); err == nil || u != nil {
		t.Fatalf("a portal token: %v %v", u, err)
	}
}

func TestServeOnBothDatabases(t *testing.T) {
	hosttest.EachDB(t, func(t *testing.T, databaseURL string) {
		s := hosttest.Start(t, notes, hosttest.Options{DatabaseURL: databaseURL})
		s.Must(http.StatusOK, "GET", "/readyz", nil, nil)
		if s.Instance.Parts.App != "notes" {
			t.Fatalf("Parts.App = %v", s.Instance.Parts.App)
		}
		if got := s.Must(http.StatusCreated, "POST", "/notes", kim, nil).Map(t)["by"]; got != kim.Email {
			t.Fatalf("posted by %v", got)
		}
		if r := s.Do("POST", "/notes", nil, nil); r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous: %d %s", r.Status, r.Body)
		}
	})
}

// A browser's test token passes the CSRF check only the way a page does: from the
// service's origin with the CSRF cookie echoed.
func TestBrowserPostsLikeAPage(t *testing.T) {
	s := hosttest.Start(t, notes, hosttest.Options{})
	res, err := s.Browser(kim).PostForm(s.URL+"/notes", url.Values{"text": {"hello"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("browser post: %d", res.StatusCode)
	}

	jar, _ := cookiejar.New(nil)
	base, _ := url.Parse(s.URL)
	jar.SetCookies(base, []*http.Cookie{{Name: auth.AccessCookie, Value: hosttest.Token(kim), Path: "/"}})
	res, err = (&http.Client{Jar: jar}).PostForm(s.URL+"/notes", url.Values{"text": {"hello"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a cookie-signed post from elsewhere: %d", res.StatusCode)
	}
}

// Stop ends the server at once; the test can still read the database.
func TestStopEndsServing(t *testing.T) {
	s := hosttest.Start(t, notes, hosttest.Options{})
	s.Stop()
	s.Stop()
	if _, err := s.Try("GET", "/healthz", nil, nil); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("after Stop: %v", err)
	}
	if err := s.Instance.Deps.DB.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// portalStandIn names every caller whose token it is given "portal".
type portalStandIn struct{}

func (portalStandIn) Verify(r *http.Request) (*auth.User, error) {
	if raw, _ := auth.TokenFromRequest(r); raw != "" {
		return &auth.User{ID: "portal:" + raw}, nil
	}
	return nil, nil
}

func TestEitherVerifierReadsTestTokensItselfAndHandsOthersOn(t *testing.T) {
	v := hosttest.EitherVerifier{Portal: portalStandIn{}}
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	hosttest.Authorize(req, kim)
	if u, err := v.Verify(req); err != nil || u.ID != kim.ID || u.Email != kim.Email {
		t.Fatalf("a test token: %+v, %v", u, err)
	}
	req.Header.Set("Authorization", "Bearer eyJ.portal.token")
	if u, err := v.Verify(req); err != nil || u.ID != "portal:eyJ.portal.token" {
		t.Fatalf("a portal token: %+v, %v", u, err)
	}
	req.Header.Del("Authorization")
	if u, err := v.Verify(req); err != nil || u != nil {
		t.Fatalf("no token: %+v, %v", u, err)
	}
}
