package tracing_test

import (
	"compress/gzip"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	collector "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/proctest"
)

func TestMain(m *testing.M) { proctest.Main(m) }

// span is one received span, flattened.
type span struct {
	service, name     string
	kind              tracepb.Span_SpanKind
	trace, id, parent string
	attrs             map[string]string
}

// receiver is a tiny OTLP/HTTP collector: it decodes ExportTraceServiceRequest
// protobufs posted to /v1/traces and keeps the spans.
type receiver struct {
	mu    sync.Mutex
	spans []span
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
		http.NotFound(w, r)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req collector.ExportTraceServiceRequest
	if err := proto.Unmarshal(raw, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	for _, rs := range req.ResourceSpans {
		service := ""
		for _, a := range rs.GetResource().GetAttributes() {
			if a.Key == "service.name" {
				service = a.GetValue().GetStringValue()
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				attrs := map[string]string{}
				for _, a := range s.Attributes {
					attrs[a.Key] = fmt.Sprint(a.GetValue().GetStringValue(), a.GetValue().GetIntValue())
				}
				rc.spans = append(rc.spans, span{service: service, name: s.Name, kind: s.Kind,
					trace: hex.EncodeToString(s.TraceId), id: hex.EncodeToString(s.SpanId),
					parent: hex.EncodeToString(s.ParentSpanId), attrs: attrs})
			}
		}
	}
	rc.mu.Unlock()
	out, _ := proto.Marshal(&collector.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

func (rc *receiver) snapshot() []span {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]span(nil), rc.spans...)
}

// find is the first span matching ok.
func find(spans []span, ok func(span) bool) (span, bool) {
	for _, s := range spans {
		if ok(s) {
			return s, true
		}
	}
	return span{}, false
}

// TestTraceCrossesPortalToEventsDatabase runs the real portal and events processes
// exporting to a local OTLP receiver, loads the portal's events page (which asks
// the events service) and follows the one trace from the portal's server span,
// through its client span, to the events service's server span and its queries.
func TestTraceCrossesPortalToEventsDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the portal and events processes")
	}
	rc := &receiver{}
	col := httptest.NewServer(rc)
	t.Cleanup(col.Close)
	// The processes inherit the test's environment.
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", col.URL)
	t.Setenv("OTEL_BSP_SCHEDULE_DELAY", "100") // milliseconds: spans arrive promptly

	ports := proctest.FreePorts(t, 2)
	portalURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	events := proctest.StartWith(t, "events", ports[1], map[string]string{
		"NEXTAUTH_URL": portalURL, "DATABASE_URL": dbtest.PostgresURL(t), "STEPPERSLIFE_DEMO": "true"})
	proctest.StartPortal(t, ports[0], map[string]string{"events": events.URL})

	resp, err := http.Get(portalURL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /events: %d\n%s", resp.StatusCode, page)
	}

	var portalServer, portalClient, eventsServer, query span
	deadline := time.Now().Add(60 * time.Second)
	for {
		spans := rc.snapshot()
		var ok1, ok2, ok3, ok4 bool
		portalServer, ok1 = find(spans, func(s span) bool {
			return s.service == "portal" && s.kind == tracepb.Span_SPAN_KIND_SERVER && s.name == "GET /events"
		})
		portalClient, ok2 = find(spans, func(s span) bool {
			return s.service == "portal" && s.kind == tracepb.Span_SPAN_KIND_CLIENT && s.name == "GET events" && s.parent == portalServer.id
		})
		eventsServer, ok3 = find(spans, func(s span) bool {
			return s.service == "events" && s.kind == tracepb.Span_SPAN_KIND_SERVER && s.parent == portalClient.id
		})
		query, ok4 = find(spans, func(s span) bool {
			return s.service == "events" && s.kind == tracepb.Span_SPAN_KIND_CLIENT && s.parent == eventsServer.id &&
				s.attrs["db.system.name"] != ""
		})
		if ok1 && ok2 && ok3 && ok4 {
			break
		}
		if time.Now().After(deadline) {
			var names []string
			for _, s := range spans {
				names = append(names, fmt.Sprintf("%s %v %q trace=%s id=%s parent=%s", s.service, s.kind, s.name, s.trace, s.id, s.parent))
			}
			sort.Strings(names)
			t.Fatalf("no complete trace (portal server %v, portal client %v, events server %v, query %v); spans received:\n%s",
				ok1, ok2, ok3, ok4, strings.Join(names, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, s := range []span{portalClient, eventsServer, query} {
		if s.trace != portalServer.trace {
			t.Errorf("%s %q is in trace %s, the portal's page in %s", s.service, s.name, s.trace, portalServer.trace)
		}
	}
	if !strings.HasPrefix(eventsServer.name, "GET /api/events") {
		t.Errorf("events server span is named %q, want its route", eventsServer.name)
	}
	if portalServer.parent != "" && strings.Trim(portalServer.parent, "0") != "" {
		t.Errorf("the page's span should start the trace, has parent %s", portalServer.parent)
	}
	t.Logf("trace %s: portal %q → %q → events %q → %q", portalServer.trace, portalServer.name, portalClient.name, eventsServer.name, query.name)
}
