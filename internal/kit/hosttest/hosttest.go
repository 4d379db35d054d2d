// Package hosttest runs a whole service for tests: built by the kit on a throwaway
// SQLite or PostgreSQL database (and real MinIO when the test's environment names
// it), served on a local port by the production server loop, with callers named by
// test tokens instead of the portal's session tokens. Services add their own fixtures
// on top.
package hosttest

import (
	"context"
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
)

// unreachablePortal is NEXTAUTH_URL unless a test names a portal: pages still
// redirect to it, and nothing ever answers there.
const unreachablePortal = "http://127.0.0.1:1"

// Options tune the service under test.
type Options struct {
	// DatabaseURL is the service's database; empty is SQLite in a temporary folder
	// (EachDB runs a test on both).
	DatabaseURL string
	// Env is more environment (Stripe, SMTP, MinIO…); it wins over the harness's.
	Env map[string]string
	// Demo loads the demo content (up --demo).
	Demo bool
	// PortalURL, when set, makes the service verify the real portal's session tokens
	// (NEXTAUTH_URL) instead of test tokens.
	PortalURL string
	// TestTokensToo, with PortalURL, accepts test tokens beside the portal's: a test
	// sets up its fixtures as made-up people while a browser signs in at the portal.
	TestTokensToo bool
}

// Server is a running service.
type Server struct {
	T   testing.TB
	URL string
	// Instance is what the kit built: its Deps (the database…) and Parts (the
	// service's use cases in Parts.App).
	Instance *host.Instance
	Client   *http.Client
	stop     func()
	once     sync.Once
}

// Start builds svc and serves it until the test ends.
func Start(t testing.TB, svc host.Service, o Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	env := map[string]string{"DATA_DIR": t.TempDir(), "PUBLIC_URL": url, "DATABASE_URL": o.DatabaseURL,
		"NEXTAUTH_URL": unreachablePortal}
	if o.Demo {
		env["STEPPERSLIFE_DEMO"] = "true"
	}
	for k, v := range o.Env {
		env[k] = v
	}
	if o.PortalURL != "" {
		env["NEXTAUTH_URL"] = o.PortalURL
	}
	cfg, err := config.Load(svc.Name, func(k string) string { return env[k] })
	if err != nil {
		ln.Close()
		t.Fatal(err)
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
	h := in.Handler
	switch {
	case o.PortalURL == "":
		h = in.HandlerWith(Verifier{})
	case o.TestTokensToo:
		h = in.HandlerWith(EitherVerifier{Portal: auth.NewTokenVerifier(o.PortalURL,
			auth.NewJWKSCache(o.PortalURL+auth.JWKSPath, nil))})
	}
	// The production server loop, so streams end on web.Stopping as in a real stop.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- web.Serve(ctx, ln, h, log) }()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 512
	s := &Server{T: t, URL: url, Instance: in, Client: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}
	s.stop = func() {
		tr.CloseIdleConnections()
		cancel()
		<-done
	}
	t.Cleanup(func() {
		s.Stop()
		in.Close()
	})
	return s
}

// Stop shuts the server down gracefully (open streams end); safe to call twice.
// The service's background work and database stay until the test ends.
func (s *Server) Stop() { s.once.Do(s.stop) }

// EachDB runs fn with an empty database URL (SQLite) and with a throwaway PostgreSQL
// database.
func EachDB(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, "") })
	t.Run("postgres", func(t *testing.T) { fn(t, dbtest.PostgresURL(t)) })
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
