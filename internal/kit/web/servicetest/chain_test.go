package servicetest_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestUnroutedAnswersAreJSON(t *testing.T) {
	in, _ := build(t, nil)
	rec := do(in.Handler, http.MethodGet, "/api/nothing-here", nil)
	if b := errorOf(t, rec); rec.Code != 404 || b["code"] != "NOT_FOUND" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rec = do(in.Handler, http.MethodDelete, "/healthz", nil)
	if b := errorOf(t, rec); rec.Code != 405 || b["code"] != "METHOD_NOT_ALLOWED" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Header().Get("Allow"), "GET") {
		t.Fatalf("Allow = %q", rec.Header().Get("Allow"))
	}
}

func TestPanicIsAnInternalErrorWithoutInternals(t *testing.T) {
	in, logs := build(t, nil)
	rec := do(in.Handler, http.MethodGet, "/api/boom", nil)
	if b := errorOf(t, rec); rec.Code != 500 || b["code"] != "INTERNAL" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "secret internals") {
		t.Fatalf("leaked: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "secret internals") {
		t.Fatal("the panic is not in the log")
	}
	// The service goes on answering.
	if rec := do(in.Handler, http.MethodGet, "/healthz", nil); rec.Code != 200 {
		t.Fatalf("healthz after panic: %d", rec.Code)
	}
}

func TestBodyLimits(t *testing.T) {
	in, _ := build(t, nil)
	// Over the service-wide cap: refused before any handler runs.
	rec := do(in.Handler, http.MethodPost, "/api/things", strings.NewReader(strings.Repeat("x", 9<<20)))
	if b := errorOf(t, rec); rec.Code != 413 || b["code"] != "PAYLOAD_TOO_LARGE" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	// Over the JSON cap but under the service cap: refused by DecodeJSON.
	rec = do(in.Handler, http.MethodPost, "/api/things", strings.NewReader(`{"name":"`+strings.Repeat("x", 2<<20)+`"}`))
	if b := errorOf(t, rec); rec.Code != 413 || b["code"] != "PAYLOAD_TOO_LARGE" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rec = do(in.Handler, http.MethodPost, "/api/things", strings.NewReader(`{"name":"ok"}`))
	if rec.Code != 201 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rec = do(in.Handler, http.MethodPost, "/api/things", strings.NewReader(`{"name":"ok","admin":true}`))
	if b := errorOf(t, rec); rec.Code != 400 || b["code"] != "VALIDATION_FAILED" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

func TestMetricsCarryTheRoute(t *testing.T) {
	in, _ := build(t, nil)
	for range 3 {
		do(in.Handler, http.MethodGet, "/api/things/42", nil)
	}
	do(in.Handler, http.MethodGet, "/api/nothing", nil)
	rec := do(in.Handler, http.MethodGet, "/metrics", nil)
	if rec.Code != 200 {
		t.Fatalf("metrics: %d", rec.Code)
	}
	text := rec.Body.String()
	for _, want := range []string{
		`http_requests_total{method="GET",route="GET /api/things/{id}",status="200"} 3`,
		`http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`http_request_duration_seconds_count{method="GET",route="GET /api/things/{id}"} 3`,
		"go_goroutines",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// Raw paths never become labels, so ids cannot blow up the series count.
	if strings.Contains(text, "/api/things/42") {
		t.Error("a raw path became a label")
	}
}

func TestAccessLogHasRequestIDAndRoute(t *testing.T) {
	in, logs := build(t, nil)
	req := do(in.Handler, http.MethodGet, "/api/things/7", nil)
	id := req.Header().Get("X-Request-Id")
	if !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(id) {
		t.Fatalf("request id %q", id)
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		var l map[string]any
		if json.Unmarshal([]byte(line), &l) != nil || l["msg"] != "request" {
			continue
		}
		if l["requestId"] == id && l["route"] == "GET /api/things/{id}" && l["status"] == float64(200) {
			return
		}
		t.Fatalf("access line = %v", l)
	}
	t.Fatalf("no access line:\n%s", logs)
}

func TestHealthAndMe(t *testing.T) {
	in, _ := build(t, nil)
	rec := do(in.Handler, http.MethodGet, "/healthz", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"service":"events"`) || rec.Header().Get("X-Request-Id") == "" {
		t.Fatalf("healthz: %d %s %v", rec.Code, rec.Body, rec.Header())
	}
	rec = do(in.Handler, http.MethodGet, "/api/me", nil)
	if b := errorOf(t, rec); rec.Code != 401 || b["code"] != "UNAUTHENTICATED" {
		t.Fatalf("me: %d %s", rec.Code, rec.Body)
	}
}
