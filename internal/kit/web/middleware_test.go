package web_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// echoID answers with the request id the handler sees and the one it would forward.
var echoID = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	web.WriteJSON(w, http.StatusOK, map[string]string{
		"ctx": web.RequestID(r.Context()), "forward": r.Header.Get(web.RequestIDHeader),
	})
})

func TestRequestIDKeptMadeOrReplaced(t *testing.T) {
	h, _, _ := chain(echoID, 1<<20)
	for _, c := range []struct {
		name, incoming string
		keep           bool
	}{
		{"valid id is kept", "abc-123_XYZ.req", true},
		{"missing id is made", "", false},
		{"id with spaces is replaced", "two words", false},
		{"id with a newline is replaced", "x\nforged log line", false},
		{"overlong id is replaced", strings.Repeat("a", 129), false},
		{"non-ascii id is replaced", "idé", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if c.incoming != "" {
				req.Header[web.RequestIDHeader] = []string{c.incoming}
			}
			rec := serve(h, req)
			got := rec.Header().Get(web.RequestIDHeader)
			var seen map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &seen); err != nil {
				t.Fatal(err)
			}
			if seen["ctx"] != got || seen["forward"] != got {
				t.Fatalf("answer id %q, handler saw %v", got, seen)
			}
			if c.keep && got != c.incoming {
				t.Fatalf("id = %q, want the caller's %q", got, c.incoming)
			}
			if !c.keep && (got == c.incoming || len(got) != 24) {
				t.Fatalf("id = %q, want a fresh one", got)
			}
		})
	}
	// Fresh ids differ.
	a := serve(h, httptest.NewRequest(http.MethodGet, "/", nil)).Header().Get(web.RequestIDHeader)
	b := serve(h, httptest.NewRequest(http.MethodGet, "/", nil)).Header().Get(web.RequestIDHeader)
	if a == b {
		t.Fatalf("two requests got the same id %q", a)
	}
}

func TestPanicBecomesInternalErrorWithoutInternals(t *testing.T) {
	h, logs, _ := chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("db password is hunter2")
	}), 1<<20)
	rec := serve(h, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d", rec.Code)
	}
	b := errorBody(t, rec)
	if b.Code != errs.CodeInternal || b.RequestID != rec.Header().Get(web.RequestIDHeader) {
		t.Fatalf("body = %+v", b)
	}
	if strings.Contains(rec.Body.String(), "hunter2") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Fatalf("internals leaked: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "hunter2") || !strings.Contains(logs.String(), `"status":500`) {
		t.Fatalf("the panic was not logged: %s", logs)
	}
}

func TestPanicAfterWritingKeepsTheAnswer(t *testing.T) {
	h, _, _ := chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		panic("late")
	}), 1<<20)
	rec := serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusAccepted || rec.Body.Len() != 0 {
		t.Fatalf("status %d body %q", rec.Code, rec.Body)
	}
}

func TestAbortHandlerPanicPassesThrough(t *testing.T) {
	h, _, _ := chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }), 1<<20)
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
}

func TestBodyLimit(t *testing.T) {
	readAll := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			web.WriteError(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	h, _, _ := chain(readAll, 100)

	t.Run("announced length over the cap", func(t *testing.T) {
		rec := serve(h, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", 101))))
		if rec.Code != http.StatusRequestEntityTooLarge || errorBody(t, rec).Code != errs.CodePayloadTooLarge {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("unannounced length over the cap", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(strings.Repeat("x", 500))))
		req.ContentLength = -1
		rec := serve(h, req)
		if rec.Code != http.StatusRequestEntityTooLarge || errorBody(t, rec).Code != errs.CodePayloadTooLarge {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("at the cap", func(t *testing.T) {
		rec := serve(h, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", 100))))
		if rec.Code != http.StatusNoContent {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
}

func TestAccessLogLine(t *testing.T) {
	h, logs, _ := chain(echoID, 1<<20)
	req := httptest.NewRequest(http.MethodGet, "/api/things?x=1", nil)
	req.Header.Set(web.RequestIDHeader, "trace-me-42")
	serve(h, req)
	serve(h, httptest.NewRequest(http.MethodGet, "/healthz", nil)) // not logged: probes would drown the log
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one access line, got %d:\n%s", len(lines), logs)
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &line); err != nil {
		t.Fatal(err)
	}
	if line["requestId"] != "trace-me-42" || line["method"] != "GET" || line["path"] != "/api/things" ||
		line["status"] != float64(200) || line["route"] != "unmatched" || line["msg"] != "request" {
		t.Fatalf("access line = %v", line)
	}
	if _, ok := line["duration"]; !ok {
		t.Fatalf("no duration: %v", line)
	}
}

func TestWriteErrorShapes(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req = req.WithContext(web.WithRequestID(req.Context(), "rid-1"))
	for _, c := range []struct {
		err    error
		status int
		code   errs.Code
	}{
		{errs.NotFound("Event"), 404, errs.CodeNotFound},
		{errs.Invalid(map[string]string{"email": "is required"}), 400, errs.CodeValidation},
		{errs.Errorf(errs.CodeSoldOut, "Sold out."), 409, errs.CodeSoldOut},
		{fmtWrap(errs.Errorf(errs.CodeForbidden, "No.")), 403, errs.CodeForbidden},
		{&errs.Error{Code: "TICKET_NOT_FOUND", Message: "No such ticket.", Like: errs.CodeNotFound}, 404, "TICKET_NOT_FOUND"},
		{errors.New("pq: connection to 10.0.0.5 refused"), 500, errs.CodeInternal},
		{&http.MaxBytesError{Limit: 10}, 413, errs.CodePayloadTooLarge},
	} {
		rec := httptest.NewRecorder()
		web.WriteError(rec, req, c.err)
		b := errorBody(t, rec)
		if rec.Code != c.status || b.Code != c.code || b.RequestID != "rid-1" {
			t.Errorf("%v: %d %+v", c.err, rec.Code, b)
		}
		if strings.Contains(rec.Body.String(), "10.0.0.5") {
			t.Errorf("internal error text leaked: %s", rec.Body)
		}
	}
	rec := httptest.NewRecorder()
	web.WriteError(rec, req, errs.Invalid(map[string]string{"email": "is required"}))
	if !strings.Contains(rec.Body.String(), `"details":{"fields":{"email":"is required"}}`) {
		t.Fatalf("details = %s", rec.Body)
	}
}

func fmtWrap(err error) error { return errors.Join(errors.New("context"), err) }

func TestCodesHaveTheirStatus(t *testing.T) {
	want := map[errs.Code]int{
		errs.CodeValidation: 400, errs.CodeUnauthenticated: 401, errs.CodeInvalidCredentials: 401,
		errs.CodeForbidden: 403, errs.CodeNotFound: 404, errs.CodeConflict: 409, errs.CodeSoldOut: 409,
		errs.CodeInsufficientStock: 409, errs.CodeItemUnavailable: 409, errs.CodeInvalidTransition: 409,
		errs.CodeIdempotencyReused: 409, errs.CodePayloadTooLarge: 413, errs.CodeUnsupportedMedia: 415,
		errs.CodeRateLimited: 429, errs.CodeUnavailable: 503, errs.CodeInternal: 500, "SOMETHING_NEW": 500,
	}
	for code, status := range want {
		if got := web.Status(errs.Errorf(code, "")); got != status {
			t.Errorf("%s: %d, want %d", code, got, status)
		}
	}
}

func TestHandlerLinesCarryTheRequestID(t *testing.T) {
	h, logs, _ := chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.LoggerFrom(r.Context()).Warn("payment declined", "order", "o_1")
		w.WriteHeader(http.StatusNoContent)
	}), 1<<20)
	req := httptest.NewRequest(http.MethodPost, "/api/orders", nil)
	req.Header.Set(web.RequestIDHeader, "rid-77")
	serve(h, req)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want the handler's line and the access line, got:\n%s", logs)
	}
	for _, l := range lines {
		var line map[string]any
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatal(err)
		}
		if line["requestId"] != "rid-77" {
			t.Fatalf("line without the request id: %s", l)
		}
	}
	if !strings.Contains(lines[0], `"msg":"payment declined"`) || !strings.Contains(lines[0], `"order":"o_1"`) {
		t.Fatalf("handler line = %s", lines[0])
	}
}
