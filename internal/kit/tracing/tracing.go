// Package tracing follows one request across services with OpenTelemetry. It is off
// unless the standard OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set;
// then spans go over OTLP/HTTP and the W3C traceparent header travels on every
// outbound call. Off, every hook is one atomic load and nothing else, so a service
// that does not trace pays nothing on its hot path.
package tracing

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// instrumentation names the kit as the source of its spans.
const instrumentation = "stepperslife/internal/kit"

// current is the tracer in use; nil while tracing is off.
var current atomic.Pointer[trace.Tracer]

// propagator reads and writes W3C traceparent/tracestate and baggage.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// Enabled reports whether spans are being recorded.
func Enabled() bool { return current.Load() != nil }

func tracer() trace.Tracer {
	if t := current.Load(); t != nil {
		return *t
	}
	return nil
}

// Configured reports whether getenv asks for spans to be exported: an OTLP endpoint
// is set, and neither OTEL_SDK_DISABLED nor OTEL_TRACES_EXPORTER=none turns it off.
func Configured(getenv func(string) string) bool {
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true") {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")), "none") {
		return false
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Setup starts exporting spans for service when getenv configures it, and returns
// the function that flushes and stops the export (a no-op when tracing stays off).
// The exporter itself reads the standard OTEL_EXPORTER_OTLP_* variables (endpoint,
// headers, timeout, compression); OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
// override the resource, and OTEL_TRACES_SAMPLER / OTEL_BSP_* tune sampling and
// batching as the SDK documents.
func Setup(ctx context.Context, service, version string, getenv func(string) string) (shutdown func(context.Context) error, err error) {
	if !Configured(getenv) {
		return func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, errors.New("tracing: OTLP exporter: " + err.Error())
	}
	// Attributes first, the environment after: OTEL_SERVICE_NAME wins when set.
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", service), attribute.String("service.version", version)),
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(),
	)
	if err != nil && res == nil {
		return nil, errors.New("tracing: resource: " + err.Error())
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	Use(tp)
	return func(ctx context.Context) error {
		current.Store(nil)
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		return tp.Shutdown(ctx)
	}, nil
}

// Use records spans with tp from now on (nil turns tracing off). It also becomes the
// global provider, which libraries such as the database tracer read.
func Use(tp trace.TracerProvider) {
	if tp == nil {
		current.Store(nil)
		return
	}
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagator)
	t := tp.Tracer(instrumentation)
	current.Store(&t)
}
