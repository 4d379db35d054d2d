package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"stepperslife/internal/kit/tracing"
	"stepperslife/internal/kit/web"
)

// benchHandler is the kit's middleware around a mux with one named route, as a
// service serves a small JSON answer.
func benchHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/events/{id}", func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id")})
	})
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	return web.Middleware(log, web.NewMetrics(prometheus.NewRegistry()), 1<<20, mux)
}

func benchRequests(b *testing.B, h http.Handler) {
	req := httptest.NewRequest(http.MethodGet, "/api/events/ev_123", nil)
	req.Header.Set(web.RequestIDHeader, "bench-request")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// discard is an exporter that drops spans: the tracing-on case pays for recording
// and ending spans, not for a network.
type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

// BenchmarkMiddleware compares a request through the kit's middleware with tracing
// off (no OTEL_EXPORTER_OTLP_ENDPOINT: the default) and on.
func BenchmarkMiddleware(b *testing.B) {
	b.Run("tracing-off", func(b *testing.B) {
		tracing.Use(nil)
		benchRequests(b, benchHandler())
	})
	b.Run("tracing-on", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sdktrace.NewSimpleSpanProcessor(discard{})))
		tracing.Use(tp)
		defer tracing.Use(nil)
		benchRequests(b, benchHandler())
	})
}
