package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"stepperslife/internal/kit/web"
)

func TestNotModifiedAnswers304ToACallerHoldingTheAnswer(t *testing.T) {
	mod := time.Date(2026, 11, 28, 21, 0, 0, 0, time.UTC)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if web.NotModified(w, r, "v42", mod) {
			return
		}
		_, _ = w.Write([]byte(`{"items":[]}`))
	})
	cases := []struct {
		name    string
		method  string
		headers map[string]string
		want    int
	}{
		{"first visit", http.MethodGet, nil, http.StatusOK},
		{"same weak tag", http.MethodGet, map[string]string{"If-None-Match": `W/"v42"`}, http.StatusNotModified},
		{"same tag strong", http.MethodGet, map[string]string{"If-None-Match": `"v42"`}, http.StatusNotModified},
		{"one of a list", http.MethodGet, map[string]string{"If-None-Match": `"v1", W/"v42"`}, http.StatusNotModified},
		{"any", http.MethodGet, map[string]string{"If-None-Match": `*`}, http.StatusNotModified},
		{"old tag", http.MethodGet, map[string]string{"If-None-Match": `W/"v41"`}, http.StatusOK},
		{"old tag wins over date", http.MethodGet, map[string]string{"If-None-Match": `W/"v41"`,
			"If-Modified-Since": mod.Format(http.TimeFormat)}, http.StatusOK},
		{"not modified since", http.MethodGet, map[string]string{"If-Modified-Since": mod.Format(http.TimeFormat)}, http.StatusNotModified},
		{"modified since", http.MethodGet, map[string]string{"If-Modified-Since": mod.Add(-time.Minute).Format(http.TimeFormat)}, http.StatusOK},
		{"head", http.MethodHead, map[string]string{"If-None-Match": `W/"v42"`}, http.StatusNotModified},
		{"post", http.MethodPost, map[string]string{"If-None-Match": `W/"v42"`}, http.StatusOK},
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, "/", nil)
		for k, v := range c.headers {
			req.Header.Set(k, v)
		}
		rec := serve(h, req)
		if rec.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, rec.Code, c.want)
		}
		if rec.Header().Get("ETag") != `W/"v42"` || rec.Header().Get("Last-Modified") != mod.Format(http.TimeFormat) {
			t.Errorf("%s: validators %v", c.name, rec.Header())
		}
		if c.want == http.StatusNotModified && (rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "") {
			t.Errorf("%s: a 304 carried a body or its type: %q", c.name, rec.Body)
		}
	}
}
