// Package resttest starts the whole restaurants service for tests: the kit's real
// handler chain on a throwaway SQLite or PostgreSQL database, with a test double of
// identity (the portal's session check) that reads the caller from a header or
// cookie.
package resttest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants"
	"stepperslife/services/restaurants/app"
)

// UserHeader carries the test caller: "id|email|name|ROLE,ROLE".
const UserHeader = "X-Test-User"

// Encode writes u for UserHeader, or (base64url) for the session cookie.
func Encode(u auth.User) string {
	return u.ID + "|" + u.Email + "|" + u.Name + "|" + strings.Join(u.Roles, ",")
}

// Cookie is the session cookie value that signs u in through the test verifier.
func Cookie(u auth.User) string { return base64.RawURLEncoding.EncodeToString([]byte(Encode(u))) }

func decode(s string) *auth.User {
	parts := strings.SplitN(s, "|", 4)
	if len(parts) != 4 || parts[0] == "" {
		return nil
	}
	roles := []string{}
	if parts[3] != "" {
		roles = strings.Split(parts[3], ",")
	}
	return &auth.User{ID: parts[0], Email: parts[1], Name: parts[2], Roles: roles, SessionID: "test"}
}

// Verifier is identity's test double: it trusts UserHeader or the sl_session cookie.
type Verifier struct{}

// Verify reads the caller.
func (Verifier) Verify(r *http.Request) (*auth.User, error) {
	if h := r.Header.Get(UserHeader); h != "" {
		return decode(h), nil
	}
	if c, err := r.Cookie(auth.AccessCookie); err == nil {
		b, err := base64.RawURLEncoding.DecodeString(c.Value)
		if err == nil {
			return decode(string(b)), nil
		}
	}
	return nil, nil
}

// People of the tests.
var (
	Owner    = auth.User{ID: "u-owner", Email: "owner@example.com", Name: "Olivia Owner", Roles: []string{auth.RoleUser, auth.RoleRestaurantOwner}}
	Admin    = auth.User{ID: "u-admin", Email: "admin@example.com", Name: "Ada Admin", Roles: []string{auth.RoleUser, auth.RoleAdmin}}
	Customer = auth.User{ID: "u-cust", Email: "cust@example.com", Name: "Carl Customer", Roles: []string{auth.RoleUser}}
	Manager  = auth.User{ID: "u-mgr", Email: "manager@example.com", Name: "Mia Manager", Roles: []string{auth.RoleUser}}
	Staff    = auth.User{ID: "u-staff", Email: "staff@example.com", Name: "Sam Staff", Roles: []string{auth.RoleUser}}
	Stranger = auth.User{ID: "u-x", Email: "x@example.com", Name: "Xavier", Roles: []string{auth.RoleUser}}
)

// Options adjust the service under test.
type Options struct {
	Postgres bool
	Env      map[string]string // extra environment (Stripe, MinIO…)
	Demo     bool
	// RealIdentity keeps the kit's verifier of the portal's session tokens instead of
	// the test double; set NEXTAUTH_URL in Env to a running portal.
	RealIdentity bool
}

// Env is a running restaurants service.
type Env struct {
	T      testing.TB
	URL    string
	App    *app.Service
	Client *http.Client
	Config config.Service
	stop   func()
	once   sync.Once
}

// Stop shuts the server down gracefully (open streams end); safe to call twice.
func (e *Env) Stop() { e.once.Do(e.stop) }

// Start builds and serves the service; it stops when the test ends.
func Start(t testing.TB, o Options) *Env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"DATA_DIR":   t.TempDir(),
		"PUBLIC_URL": "http://" + ln.Addr().String(),
	}
	if o.Postgres {
		env["DATABASE_URL"] = dbtest.PostgresURL(t)
	}
	if o.Demo {
		env["STEPPERSLIFE_DEMO"] = "true"
	}
	for k, v := range o.Env {
		env[k] = v
	}
	cfg, err := config.Load("restaurants", func(k string) string { return env[k] })
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	e := &Env{T: t, URL: env["PUBLIC_URL"], Config: cfg, Client: &http.Client{Timeout: 60 * time.Second}}
	svc := restaurants.ServiceWith(func(s *app.Service) { e.App = s })
	if !o.RealIdentity {
		svc.Verifier = func(*host.Deps) (auth.Verifier, error) { return Verifier{}, nil }
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	in, err := host.Build(context.Background(), cfg, svc, log)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	// The production server loop, so streams end on web.Stopping like in a real stop.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- web.Serve(ctx, ln, in.Handler, log) }()
	e.stop = func() {
		cancel()
		<-done
	}
	t.Cleanup(func() {
		e.Stop()
		in.Close()
	})
	return e
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Response is an answer, read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it cannot.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as an object.
func (r Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Code is the contract error code of the answer, if any.
func (r Response) Code() string {
	var b web.Body
	_ = json.Unmarshal(r.Body, &b)
	return string(b.Code)
}

// Do sends a request as u (nil: anonymous). body is JSON-encoded unless it is []byte.
func (e *Env) Do(method, path string, u *auth.User, body any, headers ...string) Response {
	e.T.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		e.T.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if u != nil {
		req.Header.Set(UserHeader, Encode(*u))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.Client.Do(req)
	if err != nil {
		e.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.T.Fatal(err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Must is Do that fails the test unless the answer has status want.
func (e *Env) Must(want int, method, path string, u *auth.User, body any, headers ...string) Response {
	e.T.Helper()
	r := e.Do(method, path, u, body, headers...)
	if r.Status != want {
		e.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}
