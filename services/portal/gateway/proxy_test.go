package gateway

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// portal builds the gateway behind the kit's request-id middleware and JSON fallback,
// as the portal serves it.
func portal(t *testing.T, urls map[string]string, o Options) http.Handler {
	t.Helper()
	up, err := NewUpstreams(urls, o)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	New(up).Mount(mux)
	return withRequestID(auth.Middleware(portalSessions{}, web.JSONFallback(mux)))
}

// portalSessions stands for the portal's own verifier: it accepts the tokens of live
// sessions and refuses "revoked-tok", whose session was signed out everywhere.
type portalSessions struct{}

func (portalSessions) Verify(r *http.Request) (*auth.User, error) {
	tok, _ := auth.TokenFromRequest(r)
	switch tok {
	case "":
		return nil, nil
	case "revoked-tok":
		return nil, errors.New("session revoked")
	}
	return &auth.User{ID: "u-" + tok}, nil
}

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(web.RequestIDHeader)
		if id == "" {
			id = "generated-id"
		}
		next.ServeHTTP(w, r.WithContext(web.WithRequestID(r.Context(), id)))
	})
}

func TestGatewayForwardsToTheService(t *testing.T) {
	var got *http.Request
	var gotBody string
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(r.Context())
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		http.SetCookie(w, &http.Cookie{Name: "svc", Value: "x"})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"o1"}`))
	}))
	defer svc.Close()
	h := portal(t, map[string]string{"events": svc.URL}, Options{})

	req := httptest.NewRequest("POST", "/api/events/tickets/purchase?x=1", strings.NewReader(`{"eventId":"e1"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "key-1")
	req.Header.Set(web.RequestIDHeader, "rid-42")
	req.Header.Set("Connection", "X-Secret-Hop")
	req.Header.Set("X-Secret-Hop", "1")
	req.AddCookie(&http.Cookie{Name: auth.AccessCookie, Value: "tok-abc"})
	req.AddCookie(&http.Cookie{Name: auth.RefreshCookie, Value: "refresh-secret"})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	if rec.Code != http.StatusCreated || rec.Body.String() != `{"id":"o1"}` {
		t.Fatalf("answer %d %s", rec.Code, rec.Body)
	}
	if rec.Header().Get("Set-Cookie") != "" {
		t.Error("a service set a cookie on the portal")
	}
	if got.URL.Path != "/api/tickets/purchase" || got.URL.RawQuery != "x=1" || got.Method != "POST" {
		t.Errorf("forwarded to %s %s?%s", got.Method, got.URL.Path, got.URL.RawQuery)
	}
	if gotBody != `{"eventId":"e1"}` {
		t.Errorf("body %q", gotBody)
	}
	for h, want := range map[string]string{
		"Authorization":     "Bearer tok-abc",
		"Idempotency-Key":   "key-1",
		web.RequestIDHeader: "rid-42",
		"Content-Type":      "application/json",
		"Cookie":            "",
		"X-Secret-Hop":      "",
		"X-Forwarded-Proto": "http",
	} {
		if v := got.Header.Get(h); v != want {
			t.Errorf("service got %s %q, want %q", h, v, want)
		}
	}
}

func TestGatewayKeepsABearerCaller(t *testing.T) {
	var gotAuth string
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth = r.Header.Get("Authorization")
	}))
	defer svc.Close()
	h := portal(t, map[string]string{"store": svc.URL}, Options{})
	req := httptest.NewRequest("GET", "/api/store/me/orders", nil)
	req.Header.Set("Authorization", "Bearer from-header")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if gotAuth != "Bearer from-header" {
		t.Fatalf("service got %q", gotAuth)
	}
	// Anonymous callers stay anonymous.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/store/products", nil))
	if gotAuth != "" {
		t.Fatalf("anonymous caller forwarded with %q", gotAuth)
	}
}

// A token the portal itself refuses (its session was revoked) is never passed on,
// though the service alone would still accept it until it expires.
func TestGatewayForwardsOnlySessionsThePortalAccepts(t *testing.T) {
	gotAuth := "unset"
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth = r.Header.Get("Authorization")
	}))
	defer svc.Close()
	h := portal(t, map[string]string{"events": svc.URL}, Options{})
	for _, viaCookie := range []bool{false, true} {
		req := httptest.NewRequest("POST", "/api/events/tickets/purchase", strings.NewReader(`{}`))
		if viaCookie {
			req.AddCookie(&http.Cookie{Name: auth.AccessCookie, Value: "revoked-tok"})
		} else {
			req.Header.Set("Authorization", "Bearer revoked-tok")
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if gotAuth != "" {
			t.Fatalf("revoked session forwarded (cookie %v): %q", viaCookie, gotAuth)
		}
	}
}

func TestGatewayUnknownServiceIs404JSON(t *testing.T) {
	h := portal(t, map[string]string{"events": "http://127.0.0.1:1"}, Options{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/nosuch/things", nil))
	assertError(t, rec, http.StatusNotFound, errs.CodeNotFound)
}

func TestGatewayDeadServiceIs503JSON(t *testing.T) {
	h := portal(t, map[string]string{"events": deadURL(t)}, Options{BreakerThreshold: 2, BreakerCooldown: time.Hour})
	for i := range 4 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/events/events", nil))
		// Refused connections first, then the open breaker: both 503 UNAVAILABLE.
		assertError(t, rec, http.StatusServiceUnavailable, errs.CodeUnavailable)
		if i == 0 && !strings.Contains(rec.Body.String(), `"requestId":"generated-id"`) {
			t.Errorf("error without the request id: %s", rec.Body)
		}
	}
}

func TestGatewayHungServiceIs504JSON(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close() // accepts into the backlog, never answers
	h := portal(t, map[string]string{"classes": "http://" + ln.Addr().String()}, Options{HeaderTimeout: 200 * time.Millisecond})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/classes/classes", nil))
	assertError(t, rec, http.StatusGatewayTimeout, errs.CodeGatewayTimeout)
}

func TestGatewayServiceErrorsPassThrough(t *testing.T) {
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, errs.Errorf(errs.CodeSoldOut, "No seats left."))
	}))
	defer svc.Close()
	h := portal(t, map[string]string{"events": svc.URL}, Options{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/events/tickets/purchase", strings.NewReader("{}")))
	assertError(t, rec, http.StatusConflict, errs.CodeSoldOut)
}

func assertError(t *testing.T, rec *httptest.ResponseRecorder, status int, code errs.Code) {
	t.Helper()
	var b web.Body
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("%d: not JSON: %s", rec.Code, rec.Body)
	}
	if rec.Code != status || b.Code != code || b.Error == "" {
		t.Fatalf("got %d %s, want %d %s: %s", rec.Code, b.Code, status, code, rec.Body)
	}
}

// deadURL is an address where nothing listens.
func deadURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// The answer streams through: the first part reaches the caller while the service
// is still writing the rest, so nothing waits to be stored whole.
func TestGatewayStreamsAnswers(t *testing.T) {
	release := make(chan struct{})
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		<-release
		_, _ = io.WriteString(w, "data: second\n\n")
	}))
	defer svc.Close()
	defer close(release)
	portalSrv := httptest.NewServer(portal(t, map[string]string{"restaurants": svc.URL}, Options{}))
	defer portalSrv.Close()
	// A buffering gateway would hold the first event until the service finished:
	// the client gives up after a while instead of hanging the test.
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(portalSrv.URL + "/api/restaurants/restaurants/r1/orders/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, len("data: first\n\n"))
	if _, err := io.ReadFull(resp.Body, buf); err != nil || string(buf) != "data: first\n\n" {
		t.Fatalf("first event: %q %v", buf, err)
	}
}
