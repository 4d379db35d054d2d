package tracing

import (
	"context"
	"net/http"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// untraced are the probes engines call every few seconds; a span each would bury
// the requests people care about.
func untraced(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// StartServer opens the server span of r, continuing the caller's trace when r
// carries a traceparent. It returns r's context unchanged and a nil end while
// tracing is off, or for the health and metrics probes. end names the span by the
// matched route ("GET /api/events/{id}") and closes it with the answer's status.
func StartServer(r *http.Request, requestID string) (ctx context.Context, end func(route string, status int)) {
	t := tracer()
	if t == nil || untraced(r.URL.Path) {
		return r.Context(), nil
	}
	ctx = propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	ctx, span := t.Start(ctx, r.Method, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
		attribute.String("http.request.method", r.Method),
		attribute.String("url.path", r.URL.Path),
		attribute.String("user_agent.original", r.UserAgent()),
		attribute.String("http.request.id", requestID),
	))
	return ctx, func(route string, status int) {
		pattern := route
		if _, p, ok := strings.Cut(route, " "); ok {
			pattern = p // the mux's pattern carries the method already
		}
		span.SetName(r.Method + " " + pattern)
		span.SetAttributes(attribute.String("http.route", pattern), attribute.Int("http.response.status_code", status))
		if status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
		span.End()
	}
}

// TraceID is the id of the trace ctx belongs to, or "" when there is none; the
// access log carries it so a log line leads to its trace.
func TraceID(ctx context.Context) string {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return ""
	}
	return sc.TraceID().String()
}

type peerKey struct{}

// WithPeer names the service a call in ctx goes to, for the client span's name.
func WithPeer(ctx context.Context, service string) context.Context {
	return context.WithValue(ctx, peerKey{}, service)
}

// Transport wraps base so that a call made while serving a traced request gets a
// client span and carries traceparent to the service it reaches. Calls outside any
// trace (background refreshes) and every call while tracing is off go straight to
// base.
func Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return transport{base: base}
}

type transport struct{ base http.RoundTripper }

func (tr transport) RoundTrip(req *http.Request) (*http.Response, error) {
	t := tracer()
	if t == nil || !trace.SpanContextFromContext(req.Context()).IsValid() {
		return tr.base.RoundTrip(req)
	}
	peer, _ := req.Context().Value(peerKey{}).(string)
	if peer == "" {
		peer = req.URL.Host
	}
	// The query may hold tokens: the span records the address without it.
	ctx, span := t.Start(req.Context(), req.Method+" "+peer, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		attribute.String("http.request.method", req.Method),
		attribute.String("server.address", req.URL.Host),
		attribute.String("url.full", req.URL.Scheme+"://"+req.URL.Host+req.URL.Path),
		attribute.String("peer.service", peer),
	))
	defer span.End()
	// A RoundTripper must not change the caller's request: the header goes on a copy.
	out := req.Clone(ctx)
	propagator.Inject(ctx, propagation.HeaderCarrier(out.Header))
	resp, err := tr.base.RoundTrip(out)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "transport error")
		return nil, err
	}
	span.SetAttributes(attribute.Int("http.response.status_code", resp.StatusCode))
	if resp.StatusCode >= 500 {
		span.SetStatus(codes.Error, http.StatusText(resp.StatusCode))
	}
	return resp, nil
}

// CloseIdleConnections passes through, so http.Client.CloseIdleConnections still
// reaches the pool.
func (tr transport) CloseIdleConnections() {
	if c, ok := tr.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
