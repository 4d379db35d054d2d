package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"stepperslife/internal/kit/web"
)

// chain is the kit's middleware around h, logging JSON lines into the returned buffer.
func chain(h http.Handler, maxBody int64) (http.Handler, *bytes.Buffer, *prometheus.Registry) {
	logs := &bytes.Buffer{}
	reg := prometheus.NewRegistry()
	log := slog.New(slog.NewJSONHandler(logs, nil))
	return web.Middleware(log, web.NewMetrics(reg), maxBody, h), logs, reg
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// errorBody decodes an error answer, failing unless it has the contract's shape.
func errorBody(t *testing.T, rec *httptest.ResponseRecorder) web.Body {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("content type = %q; body %s", ct, rec.Body)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatalf("not JSON: %v: %s", err, rec.Body)
	}
	for _, k := range []string{"error", "code", "requestId"} {
		if _, ok := raw[k]; !ok {
			t.Fatalf("error answer lacks %q: %s", k, rec.Body)
		}
	}
	var b web.Body
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	if b.Error == "" || b.Code == "" {
		t.Fatalf("empty error or code: %s", rec.Body)
	}
	return b
}
