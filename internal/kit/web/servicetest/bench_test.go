package servicetest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkMiddlewareChain is the kit's cost per request in a built service: request
// id, recovery, body cap, identity, routing with the JSON fallback, one access log
// line (JSON, encoded then discarded) and the metrics, around a handler that writes small JSON.
func BenchmarkMiddlewareChain(b *testing.B) {
	in := buildLogging(b, nil, io.Discard)
	req := httptest.NewRequest(http.MethodGet, "/api/things/42", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		in.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkBareHandler is the same handler without the kit, for comparison.
func BenchmarkBareHandler(b *testing.B) {
	in := buildLogging(b, nil, io.Discard)
	req := httptest.NewRequest(http.MethodGet, "/api/things/42", nil)
	req.SetPathValue("id", "42")
	h, _ := in.Deps.Mux.Handler(req)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
