package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/tracing"

	"github.com/prometheus/client_golang/prometheus"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	loggerKey
	routeKey
)

// setRoute records the matched route pattern for the access log and metrics; the
// router runs on a copy of the request, so the pattern travels by pointer.
func setRoute(ctx context.Context, pattern string) {
	if p, ok := ctx.Value(routeKey).(*string); ok {
		*p = pattern
	}
}

// RequestIDHeader travels on every request and answer, and on to other services.
const RequestIDHeader = "X-Request-Id"

// RequestID returns the id of the request being served.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithRequestID stores id in ctx, for calls that leave this service.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// LoggerFrom returns the request's logger (with its request id), or the default one.
func LoggerFrom(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validRequestID keeps a caller's id only when it is short and printable, so logs
// cannot be forged or flooded through it.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

// Metrics are the per-service HTTP metrics.
type Metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// Middleware wraps a service's router with the kit's request handling: request ids,
// a server span when tracing is on, panic recovery, a body size cap, one access log
// line and metrics per request.
func Middleware(log *slog.Logger, m *Metrics, maxBody int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
			r.Header.Set(RequestIDHeader, id)
		}
		w.Header().Set(RequestIDHeader, id)
		// Off, StartServer hands back r's context and a nil end: no work at all.
		ctx, endSpan := tracing.StartServer(r, id)
		reqLog := log.With(slog.String("requestId", id))
		if endSpan != nil {
			reqLog = reqLog.With(slog.String("traceId", tracing.TraceID(ctx)))
		}
		route := new(string)
		ctx = context.WithValue(ctx, requestIDKey, id)
		ctx = context.WithValue(context.WithValue(ctx, loggerKey, reqLog), routeKey, route)
		r = r.WithContext(ctx)
		if r.ContentLength > maxBody {
			WriteError(w, r, errs.Errorf(errs.CodePayloadTooLarge, "The request body is too large."))
			if endSpan != nil {
				endSpan("unmatched", http.StatusRequestEntityTooLarge)
			}
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				reqLog.Error("panic", slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
				if !rec.wrote {
					WriteError(rec, r, errs.Errorf(errs.CodeInternal, "Something went wrong on our side. Please try again."))
				}
			}
			if *route == "" {
				*route = "unmatched"
			}
			if endSpan != nil {
				endSpan(*route, rec.status)
			}
			elapsed := time.Since(start)
			m.requests.WithLabelValues(*route, r.Method, strconv.Itoa(rec.status)).Inc()
			m.latency.WithLabelValues(*route, r.Method).Observe(elapsed.Seconds())
			if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
				reqLog.LogAttrs(r.Context(), slog.LevelInfo, "request",
					slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.String("route", *route), slog.Int("status", rec.status),
					slog.Int64("bytes", rec.bytes), slog.Duration("duration", elapsed))
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// recorder remembers the status and size of an answer. It passes Flush through so
// server-sent events keep working.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	r.wrote = true
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
