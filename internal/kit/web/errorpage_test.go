package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// browserAccept is what Chromium sends when it navigates.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

func TestWantsHTMLOnlyWhenTheCallerPrefersAPage(t *testing.T) {
	for accept, want := range map[string]bool{
		browserAccept:                         true,
		"text/html":                           true,
		"application/xhtml+xml":               true,
		"":                                    false,
		"*/*":                                 false,
		"application/json":                    false,
		"application/json, text/plain, */*":   false,
		"text/html;q=0.5, application/json":   false,
		"application/json;q=0.2, text/html":   true,
		"text/html;q=0":                       false,
		"text/html, application/json":         false, // an API client that names JSON gets JSON
		"not a media type, text/html;q=bogus": true,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept", accept)
		if got := web.WantsHTML(r); got != want {
			t.Errorf("Accept %q: WantsHTML = %v, want %v", accept, got, want)
		}
	}
}

// testPage stands in for the kit's page: it shows what it was handed.
func testPage(w http.ResponseWriter, r *http.Request, p web.Problem) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(p.Status)
	fmt.Fprintf(w, "<!doctype html><h1>page %d</h1><p>%s</p><small>%s</small>", p.Status, html.EscapeString(p.Message), p.RequestID)
}

func get(h http.Handler, method, path, accept string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	return serve(h, r)
}

func TestErrorsAnswerBrowsersWithThePageAndAPIClientsWithJSON(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/things", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("GET /forbidden", func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, errs.Errorf(errs.CodeForbidden, "Only the organizer may look."))
	})
	mux.HandleFunc("GET /down", func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, "Events is taking a break."))
	})
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, fmt.Errorf("pq: relation \"secret_table\" does not exist"))
	})
	mux.HandleFunc("GET /panic", func(http.ResponseWriter, *http.Request) { panic("secret internals") })
	inner, _, _ := chain(web.JSONFallback(mux), 1<<20)
	h := web.WithErrorPage(testPage, inner)

	for _, c := range []struct {
		method, path string
		status       int
		code         errs.Code
	}{
		{"GET", "/nowhere", 404, errs.CodeNotFound},
		{"DELETE", "/api/things", 405, errs.CodeMethodNotAllowed},
		{"GET", "/forbidden", 403, errs.CodeForbidden},
		{"GET", "/down", 503, errs.CodeUnavailable},
		{"GET", "/broken", 500, errs.CodeInternal},
		{"GET", "/panic", 500, errs.CodeInternal},
	} {
		page := get(h, c.method, c.path, browserAccept)
		body := page.Body.String()
		if page.Code != c.status || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(body, fmt.Sprintf("page %d", c.status)) || strings.Contains(body, `"code"`) {
			t.Errorf("browser %s %s: %d %q %s", c.method, c.path, page.Code, page.Header().Get("Content-Type"), body)
		}
		if id := page.Header().Get(web.RequestIDHeader); id == "" || !strings.Contains(body, id) {
			t.Errorf("browser %s %s: the page does not show the request id %q: %s", c.method, c.path, id, body)
		}
		if strings.Contains(body, "secret") {
			t.Errorf("browser %s %s: internals on the page: %s", c.method, c.path, body)
		}
		for _, accept := range []string{"", "*/*", "application/json"} {
			api := get(h, c.method, c.path, accept)
			if b := errorBody(t, api); api.Code != c.status || b.Code != c.code {
				t.Errorf("API (Accept %q) %s %s: %d %s", accept, c.method, c.path, api.Code, api.Body)
			}
		}
	}
	if allow := get(h, "DELETE", "/api/things", browserAccept).Header().Get("Allow"); !strings.Contains(allow, "POST") {
		t.Errorf("405 page: Allow = %q", allow)
	}
	// Without a page installed, browsers get the JSON as before.
	if rec := get(inner, "GET", "/nowhere", browserAccept); rec.Code != 404 || errorBody(t, rec).Code != errs.CodeNotFound {
		t.Errorf("no page installed: %d %s", rec.Code, rec.Body)
	}
}

// A body over the cap is refused before the handler runs; a browser still gets a page.
func TestTooLargeBodyGetsThePageToo(t *testing.T) {
	inner, _, _ := chain(http.NotFoundHandler(), 10)
	h := web.WithErrorPage(testPage, inner)
	r := httptest.NewRequest(http.MethodPost, "/upload", strings.NewReader(strings.Repeat("x", 100)))
	r.Header.Set("Accept", browserAccept)
	if rec := serve(h, r); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "page 413") {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
