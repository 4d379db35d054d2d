package tracing_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"stepperslife/internal/kit/tracing"
)

func TestConfigured(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		name string
		get  func(string) string
		want bool
	}{
		{"nothing set", env(), false},
		{"endpoint", env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), true},
		{"traces endpoint", env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"), true},
		{"sdk disabled", env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_SDK_DISABLED", "true"), false},
		{"exporter none", env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_TRACES_EXPORTER", "none"), false},
		{"only a service name", env("OTEL_SERVICE_NAME", "x"), false},
	} {
		if got := tracing.Configured(c.get); got != c.want {
			t.Errorf("%s: Configured = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestOffCostsNothing: with tracing off, the server hook and the client transport
// allocate nothing and add no header.
func TestOffCostsNothing(t *testing.T) {
	tracing.Use(nil)
	req := httptest.NewRequest(http.MethodGet, "/api/events", nil)
	if n := testing.AllocsPerRun(100, func() {
		if _, end := tracing.StartServer(req, "id"); end != nil {
			t.Fatal("a span was started while tracing is off")
		}
	}); n != 0 {
		t.Errorf("StartServer allocates %v times while off", n)
	}
	var seen http.Header
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Header
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	tr := tracing.Transport(base)
	out := httptest.NewRequest(http.MethodGet, "http://events/api/x", nil)
	alone := testing.AllocsPerRun(100, func() { _, _ = base.RoundTrip(out) })
	if n := testing.AllocsPerRun(100, func() { _, _ = tr.RoundTrip(out) }); n != alone {
		t.Errorf("Transport allocates %v times while off, its base alone %v", n, alone)
	}
	if seen.Get("Traceparent") != "" {
		t.Error("traceparent sent while tracing is off")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestServerAndClientSpans: a traced request names its span by route, continues the
// caller's trace, and its outbound call carries traceparent under a client span,
// without touching the caller's request.
func TestServerAndClientSpans(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tracing.Use(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp)))
	t.Cleanup(func() { tracing.Use(nil) })

	var sent string
	tr := tracing.Transport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent = r.Header.Get("Traceparent")
		return &http.Response{StatusCode: 502, Body: http.NoBody, Request: r}, nil
	}))
	const parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	req := httptest.NewRequest(http.MethodGet, "/api/events/ev1", nil)
	req.Header.Set("Traceparent", parent)
	ctx, end := tracing.StartServer(req, "req-1")
	if end == nil {
		t.Fatal("no span while tracing is on")
	}
	call, _ := http.NewRequestWithContext(tracing.WithPeer(ctx, "events"), http.MethodGet, "http://127.0.0.1:1/api/x?token=secret", nil)
	if _, err := tr.RoundTrip(call); err != nil {
		t.Fatal(err)
	}
	if call.Header.Get("Traceparent") != "" {
		t.Error("the caller's request was changed")
	}
	end("GET /api/events/{id}", 200)

	spans := exp.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	client, server := spans[0], spans[1]
	if server.Name != "GET /api/events/{id}" || server.SpanKind != trace.SpanKindServer {
		t.Errorf("server span %q kind %v", server.Name, server.SpanKind)
	}
	if got := server.SpanContext.TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("server span trace %s does not continue the caller's", got)
	}
	if server.Parent.SpanID().String() != "00f067aa0ba902b7" {
		t.Errorf("server span's parent is %s", server.Parent.SpanID())
	}
	if client.Name != "GET events" || client.SpanKind != trace.SpanKindClient || client.Parent.SpanID() != server.SpanContext.SpanID() {
		t.Errorf("client span %q kind %v parent %s", client.Name, client.SpanKind, client.Parent.SpanID())
	}
	if client.Status.Code.String() != "Error" {
		t.Errorf("a 502 answer should mark the client span as an error, got %v", client.Status.Code)
	}
	want := "00-" + client.SpanContext.TraceID().String() + "-" + client.SpanContext.SpanID().String() + "-01"
	if sent != want {
		t.Errorf("traceparent sent %q, want %q", sent, want)
	}
	for _, a := range client.Attributes {
		if strings.Contains(a.Value.Emit(), "secret") {
			t.Errorf("attribute %s leaks the query: %s", a.Key, a.Value.Emit())
		}
	}
}

// BenchmarkOffHook is what tracing adds to each request while it is off: the server
// hook's check.
func BenchmarkOffHook(b *testing.B) {
	tracing.Use(nil)
	req := httptest.NewRequest(http.MethodGet, "/api/events", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, end := tracing.StartServer(req, "id"); end != nil {
			b.Fatal("span started while off")
		}
	}
}
