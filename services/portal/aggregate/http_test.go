package aggregate

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/web"
)

// The feed is one answer for everyone, kept under the versions of its sections: it
// carries an ETag, answers 304 while the sections hold, may be kept by a CDN, and
// shows a service's change as soon as the aggregator has it.
func TestFeedIsKeptUnderItsSectionsVersions(t *testing.T) {
	fakes, up := newFakes(t)
	mux := http.NewServeMux()
	// Every request refreshes the sections, so the test sees each change at once.
	New(up, Options{Fresh: time.Nanosecond, Stale: time.Nanosecond}).Mount(mux)
	h := web.Compress(mux)
	get := func(etag, accept string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/api/feed?limit=3", nil)
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	first := get("", "")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || !strings.HasPrefix(first.Header().Get("Cache-Control"), "public") ||
		first.Header().Get(CompleteHeader) != "true" || !strings.Contains(first.Body.String(), "events /api/feed?limit=3") {
		t.Fatalf("feed: %d %v %s", first.Code, first.Header(), first.Body)
	}
	if again := get(etag, "gzip"); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Fatalf("unchanged feed: %d", again.Code)
	}
	if same := get("", ""); same.Header().Get("ETag") != etag || same.Body.String() != first.Body.String() {
		t.Fatalf("unchanged feed answered differently: %q %s", same.Header().Get("ETag"), same.Body)
	}

	fakes["events"].edition.Store(2)
	changed := get(etag, "")
	if changed.Code != 200 || changed.Header().Get("ETag") == etag || !strings.Contains(changed.Body.String(), "events /api/feed?limit=3 #2") {
		t.Fatalf("feed after a service's change: %d %q %s", changed.Code, changed.Header().Get("ETag"), changed.Body)
	}

	// A section that stops answering is a new state too: the feed says so.
	fakes["classes"].fail.Store(true)
	down := get(changed.Header().Get("ETag"), "")
	if down.Code != 200 || down.Header().Get(CompleteHeader) != "false" || !strings.Contains(down.Body.String(), `"error":"UNAVAILABLE"`) {
		t.Fatalf("feed with classes down: %d %v %s", down.Code, down.Header(), down.Body)
	}
}
