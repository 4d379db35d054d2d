package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

func TestFallbackAnswersInContractShape(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/things/{id}", func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, map[string]string{"id": r.PathValue("id")})
	})
	mux.HandleFunc("POST /api/things", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /docs/", func(w http.ResponseWriter, r *http.Request) {})
	h, logs, _ := chain(web.JSONFallback(mux), 1<<20)

	rec := serve(h, httptest.NewRequest(http.MethodGet, "/api/things/7", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"id":"7"`) {
		t.Fatalf("routed: %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), `"route":"GET /api/things/{id}"`) {
		t.Fatalf("route not recorded: %s", logs)
	}

	rec = serve(h, httptest.NewRequest(http.MethodGet, "/nowhere", nil))
	if b := errorBody(t, rec); rec.Code != 404 || b.Code != errs.CodeNotFound || b.RequestID == "" {
		t.Fatalf("404: %d %s", rec.Code, rec.Body)
	}

	rec = serve(h, httptest.NewRequest(http.MethodDelete, "/api/things", nil))
	if b := errorBody(t, rec); rec.Code != 405 || b.Code != errs.CodeMethodNotAllowed {
		t.Fatalf("405: %d %s", rec.Code, rec.Body)
	}
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "POST") {
		t.Fatalf("Allow = %q", allow)
	}

	rec = serve(h, httptest.NewRequest(http.MethodGet, "/docs", nil))
	if rec.Code/100 != 3 || rec.Header().Get("Location") != "/docs/" {
		t.Fatalf("redirect: %d %v", rec.Code, rec.Header())
	}
}
