package site

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/aggregate"
)

// The signed-out home page is drawn once per state of the feeds it shows: it
// carries an ETag made of their versions, answers 304 while they hold, revalidates
// the feeds with their own ETags, and shows a change as soon as a feed's version
// moves. Signed in, it is personal and never shared.
func TestHomeIsKeptUnderTheFeedsVersions(t *testing.T) {
	h, f := newSiteWith(t, func(s *Site) {
		// Every request refreshes the sections, so the test sees each change at once.
		s.agg = aggregate.New(s.up, aggregate.Options{Budget: 2 * time.Second, Fresh: time.Nanosecond, Stale: time.Nanosecond})
	})
	var mu sync.Mutex
	version, title := `W/"v1"`, "Friday Night Set"
	var conditional []string
	f.answers["events GET /api/feed"] = func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		conditional = append(conditional, r.Header.Get("If-None-Match"))
		if r.Header.Get("If-None-Match") == version {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		it := itemOf("events")
		it.Title = title
		w.Header().Set("ETag", version)
		web.WriteJSON(w, 200, web.NewList([]feed.Item{it}, 1, web.Page{Limit: 20}))
	}
	req := func(etag string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		for _, c := range cookies {
			r.AddCookie(c)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	first := req("", &http.Cookie{Name: auth.CSRFCookie, Value: "visitor-secret"})
	mustContain(t, first, "Friday Night Set")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || !strings.HasPrefix(first.Header().Get("Cache-Control"), "public") {
		t.Fatalf("signed-out home: %d %v", first.Code, first.Header())
	}
	if strings.Contains(first.Body.String(), "visitor-secret") {
		t.Fatal("a shared page holds a visitor's CSRF token")
	}
	if again := req(etag); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Fatalf("unchanged home: %d", again.Code)
	}
	mu.Lock()
	revalidated := len(conditional) > 1 && conditional[len(conditional)-1] == `W/"v1"`
	mu.Unlock()
	if !revalidated {
		t.Fatalf("the feed was not revalidated with its ETag: %q", conditional)
	}

	mu.Lock()
	version, title = `W/"v2"`, "Saturday Social"
	mu.Unlock()
	changed := req(etag)
	if changed.Code != 200 || changed.Header().Get("ETag") == etag {
		t.Fatalf("home after the feed changed: %d", changed.Code)
	}
	mustContain(t, changed, "Saturday Social")

	signed := get(t, h, "/", true)
	mustContain(t, signed, "Pat Stepper")
	if signed.Header().Get("Cache-Control") != cache.Private || signed.Header().Get("ETag") != "" {
		t.Fatalf("signed-in home: %v", signed.Header())
	}
	if strings.Contains(req("").Body.String(), "Pat Stepper") {
		t.Fatal("the signed-in page was shared")
	}
}
