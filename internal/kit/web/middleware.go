package web

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/tracing"

	"github.com/prometheus/client_golang/prometheus"
)

type ctxKey int

const requestKey ctxKey = 0

// request is what the middleware knows of the request being served, kept in its
// context as one value: one allocation, and the request's logger is made only when
// somebody logs through it.
type request struct {
	id      string
	traceID string
	log     *slog.Logger // the service's logger, without the request's attributes
	route   string       // the matched pattern; the router runs on a copy of the request
	page    ErrorPage    // how WriteError answers a browser (WithErrorPage)
	rec     recorder     // the answer's status and size, in the same allocation
}

func requestFrom(ctx context.Context) *request {
	rq, _ := ctx.Value(requestKey).(*request)
	return rq
}

// setRoute records the matched route pattern for the access log and metrics.
func setRoute(ctx context.Context, pattern string) {
	if rq := requestFrom(ctx); rq != nil {
		rq.route = pattern
	}
}

// RequestIDHeader travels on every request and answer, and on to other services.
const RequestIDHeader = "X-Request-Id"

// RequestID returns the id of the request being served.
func RequestID(ctx context.Context) string {
	if rq := requestFrom(ctx); rq != nil {
		return rq.id
	}
	return ""
}

// WithRequestID stores id in ctx, for calls that leave this service.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestKey, &request{id: id})
}

// LoggerFrom returns the request's logger (with its request id), or the default one.
func LoggerFrom(ctx context.Context) *slog.Logger {
	rq := requestFrom(ctx)
	if rq == nil || rq.log == nil {
		return slog.Default()
	}
	return rq.log.With(rq.attrs()...)
}

// attrs are the attributes every line about the request carries.
func (rq *request) attrs() []any {
	if rq.traceID != "" {
		return []any{slog.String("requestId", rq.id), slog.String("traceId", rq.traceID)}
	}
	return []any{slog.String("requestId", rq.id)}
}

// Request ids are unique without asking the kernel for randomness on every request:
// a random prefix per process, then a counter scrambled by a random odd multiplier
// (a bijection on 48 bits, so no two requests share an id), which keeps an id from
// telling how many requests came before it.
var (
	idPrefix, idScramble = func() (string, uint64) {
		var b [14]byte
		_, _ = rand.Read(b[:])
		return hex.EncodeToString(b[:6]), binary.LittleEndian.Uint64(b[6:]) | 1
	}()
	idCount atomic.Uint64
)

func newRequestID() string {
	var b [24]byte
	copy(b[:], idPrefix)
	n := idCount.Add(1) * idScramble
	const digits = "0123456789abcdef"
	for i := 23; i >= 12; i-- {
		b[i] = digits[n&0xf]
		n >>= 4
	}
	return string(b[:])
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
		ids := r.Header[RequestIDHeader]
		if len(ids) == 0 || !validRequestID(ids[0]) {
			ids = []string{newRequestID()}
			r.Header[RequestIDHeader] = ids
		}
		id := ids[0]
		// One value serves the request and the answer, as a FixedValue does.
		w.Header()[RequestIDHeader] = ids[:1:1]
		// Off, StartServer hands back r's context and a nil end: no work at all.
		ctx, endSpan := tracing.StartServer(r, id)
		// WithErrorPage, outside, made the record for this request to take up; a
		// record with an id is another request's (one served further out).
		rq := requestFrom(ctx)
		if rq == nil || rq.id != "" {
			rq = &request{page: errorPageFrom(ctx)}
			ctx = context.WithValue(ctx, requestKey, rq)
		}
		rq.id, rq.log = id, log
		if endSpan != nil {
			rq.traceID = tracing.TraceID(ctx)
		}
		if ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		if r.ContentLength > maxBody {
			WriteError(w, r, errs.Errorf(errs.CodePayloadTooLarge, "The request body is too large."))
			if endSpan != nil {
				endSpan("unmatched", http.StatusRequestEntityTooLarge)
			}
			return
		}
		if r.Body != http.NoBody { // a request without a body (most GETs) has nothing to cap
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		rec := &rq.rec
		rec.ResponseWriter, rec.status = w, http.StatusOK
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				LoggerFrom(r.Context()).Error("panic", slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
				if !rec.wrote {
					WriteError(rec, r, errs.Errorf(errs.CodeInternal, "Something went wrong on our side. Please try again."))
				}
			}
			if rq.route == "" {
				rq.route = "unmatched"
			}
			if endSpan != nil {
				endSpan(rq.route, rec.status)
			}
			elapsed := time.Since(start)
			m.requests.WithLabelValues(rq.route, r.Method, statusLabel(rec.status)).Inc()
			m.latency.WithLabelValues(rq.route, r.Method).Observe(elapsed.Seconds())
			if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
				rq.accessLine(r, rec, elapsed)
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// statusLabels spares a request the formatting of its status for the metrics.
var statusLabels = func() (l [600]string) {
	for code := range l {
		l[code] = strconv.Itoa(code)
	}
	return l
}()

func statusLabel(code int) string {
	if code >= 0 && code < len(statusLabels) {
		return statusLabels[code]
	}
	return strconv.Itoa(code)
}

// accessLine logs the request's one line, as the request's logger would write it.
func (rq *request) accessLine(r *http.Request, rec *recorder, elapsed time.Duration) {
	h := rq.log.Handler()
	if !h.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	// The record is made here rather than by Logger.LogAttrs, which would walk the
	// stack for a source line no access line shows.
	line := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
	line.AddAttrs(slog.String("requestId", rq.id))
	if rq.traceID != "" {
		line.AddAttrs(slog.String("traceId", rq.traceID))
	}
	line.AddAttrs(slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.String("route", rq.route), slog.Int("status", rec.status),
		slog.Int64("bytes", rec.bytes), slog.Duration("duration", elapsed))
	_ = h.Handle(r.Context(), line)
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
