// Package eventstest runs the whole events service for tests: built by the kit on a
// throwaway SQLite or PostgreSQL database, served on a local port, with callers
// named by a test verifier instead of the portal's tokens.
package eventstest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/services/events"
)

// TestUserCookie carries a test user for browsers.
const TestUserCookie = "sl_test_user"

// Verifier is the test double of identity: a caller is named by
// "Authorization: Bearer test.<base64 JSON user>" or by the sl_test_user cookie.
type Verifier struct{}

// Verify reads the user the request names.
func (Verifier) Verify(r *http.Request) (*auth.User, error) {
	raw := ""
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer test.") {
		raw = strings.TrimPrefix(h, "Bearer test.")
	} else if c, err := r.Cookie(TestUserCookie); err == nil {
		raw = c.Value
	}
	if raw == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return nil, err
	}
	var u auth.User
	if err := json.Unmarshal(b, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Token encodes u for the Verifier.
func Token(u *auth.User) string {
	b, _ := json.Marshal(u)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Server is a running events service.
type Server struct {
	T        testing.TB
	URL      string
	Instance *host.Instance
	Client   *http.Client
}

// Options tune the service under test.
type Options struct {
	DatabaseURL string            // empty: SQLite in a temporary folder
	Env         map[string]string // more environment (Stripe, SMTP…)
	Demo        bool
	// PortalURL, when set, makes the service verify the real portal's session tokens
	// (NEXTAUTH_URL) instead of using the test verifier.
	PortalURL string
}

// Start builds and serves the events service until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	env := map[string]string{"DATA_DIR": t.TempDir(), "PUBLIC_URL": url, "DATABASE_URL": o.DatabaseURL,
		"NEXTAUTH_URL": "http://127.0.0.1:1"}
	if o.Demo {
		env["STEPPERSLIFE_DEMO"] = "true"
	}
	for k, v := range o.Env {
		env[k] = v
	}
	if o.PortalURL != "" {
		env["NEXTAUTH_URL"] = o.PortalURL
	}
	cfg, err := config.Load("events", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	svc := events.Service()
	if o.PortalURL == "" {
		svc.Verifier = func(*host.Deps) (auth.Verifier, error) { return Verifier{}, nil }
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	in, err := host.Build(context.Background(), cfg, svc, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = in.Handler
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		in.Close()
	})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 512
	return &Server{T: t, URL: url, Instance: in, Client: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}
}

type testWriter struct{ t testing.TB }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// EachDB runs fn with an empty SQLite URL and with a throwaway PostgreSQL database.
func EachDB(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "") })
	t.Run("postgres", func(t *testing.T) { fn(t, dbtest.PostgresURL(t)) })
}

// Response is an answer read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the answer into v.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Code is the contract error code of the answer, if any.
func (r Response) Code() string {
	var e struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Code
}

// Do sends a request as u (nil: anonymous) with a JSON body (nil: none; []byte: raw).
func (s *Server) Do(method, path string, u *auth.User, body any, headers ...string) Response {
	s.T.Helper()
	res, err := s.Try(method, path, u, body, headers...)
	if err != nil {
		s.T.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

// Try is Do that returns transport errors instead of failing (for goroutines).
func (s *Server) Try(method, path string, u *auth.User, body any, headers ...string) (Response, error) {
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return Response{}, err
		}
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		return Response{}, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if u != nil {
		req.Header.Set("Authorization", "Bearer test."+Token(u))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := s.Client.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}, err
}

// Users for tests.
var (
	Organizer = &auth.User{ID: "u-org", Email: "olga@example.com", Name: "Olga Organizer",
		Roles: []string{auth.RoleUser, auth.RoleEventOrganizer}}
	OtherOrganizer = &auth.User{ID: "u-org2", Email: "oscar@example.com", Name: "Oscar Other",
		Roles: []string{auth.RoleUser, auth.RoleEventOrganizer}}
	Staffer = &auth.User{ID: "u-staff", Email: "sam@example.com", Name: "Sam Staff", Roles: []string{auth.RoleUser}}
	Buyer   = &auth.User{ID: "u-buyer", Email: "bea@example.com", Name: "Bea Buyer", Roles: []string{auth.RoleUser}}
)

// BuyerN is the n-th distinct buyer.
func BuyerN(n int) *auth.User {
	return &auth.User{ID: "u-buyer-" + strconv.Itoa(n), Email: "buyer" + strconv.Itoa(n) + "@example.com", Name: "Buyer " + strconv.Itoa(n),
		Roles: []string{auth.RoleUser}}
}

// Event is what tests read back about an event.
type Event struct {
	ID     string `json:"id"`
	Slug   string `json:"slug"`
	Status string `json:"status"`
	Tiers  []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Left int    `json:"left"`
	} `json:"tiers"`
	FlyerURL string `json:"flyerUrl"`
}

// Order is what tests read back about an order.
type Order struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	TotalCents  int64  `json:"totalCents"`
	FeeCents    int64  `json:"platformFeeCents"`
	CheckoutURL string `json:"checkoutUrl"`
	Tickets     []struct {
		Code   string `json:"code"`
		Status string `json:"status"`
		TierID string `json:"tierId"`
	} `json:"tickets"`
}

// PublishedEvent creates and publishes an event starting in a week with one tier,
// and returns its id and the tier's id.
func (s *Server) PublishedEvent(title string, priceCents int64, capacity int) (eventID, tierID string) {
	s.T.Helper()
	start := time.Now().Add(7 * 24 * time.Hour).UTC().Truncate(time.Second)
	res := s.Do("POST", "/api/events", Organizer, map[string]any{"title": title, "description": "A night of steppin.",
		"category": "BALL", "venue": "Grand Ballroom", "address": "6351 S Cottage Grove Ave, Chicago",
		"startsAt": start, "endsAt": start.Add(5 * time.Hour)})
	if res.Status != http.StatusCreated {
		s.T.Fatalf("create event: %d %s", res.Status, res.Body)
	}
	var ev Event
	res.JSON(s.T, &ev)
	res = s.Do("POST", "/api/events/"+ev.ID+"/tiers", Organizer, map[string]any{"name": "General", "priceCents": priceCents,
		"capacity": capacity, "maxPerOrder": 10})
	if res.Status != http.StatusCreated {
		s.T.Fatalf("add tier: %d %s", res.Status, res.Body)
	}
	var tier struct {
		ID string `json:"id"`
	}
	res.JSON(s.T, &tier)
	if res = s.Do("POST", "/api/events/"+ev.ID+"/publish", Organizer, nil); res.Status != http.StatusOK {
		s.T.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	return ev.ID, tier.ID
}

// Buy purchases quantity tickets of a tier as u.
func (s *Server) Buy(u *auth.User, eventID, tierID string, quantity int, method string, headers ...string) Response {
	s.T.Helper()
	return s.Do("POST", "/api/tickets/purchase", u, PurchaseBody(eventID, tierID, quantity, method, u), headers...)
}

// PurchaseBody is the contract's purchase request.
func PurchaseBody(eventID, tierID string, quantity int, method string, u *auth.User) map[string]any {
	return map[string]any{"eventId": eventID, "items": []map[string]any{{"tierId": tierID, "quantity": quantity}},
		"paymentMethod": method, "attendee": map[string]string{"name": u.Name, "email": u.Email}}
}
