package cache_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

type reader struct{ name string }

type item struct {
	Title string `json:"title"`
	Draft bool   `json:"draft,omitempty"` // shown to its author alone
}

// itemServer answers one item through ServeJSON: its author sees the draft, anyone
// else the public item, and while missing is true the item is not found. It counts
// computations.
type itemServer struct {
	c        *cache.Cache
	missing  bool
	computed int
}

// get asks for the item as who (nil: signed out), holding etag when set.
func (s *itemServer) get(t *testing.T, who *reader, etag string) *httptest.ResponseRecorder {
	t.Helper()
	w := get(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = cache.ServeJSON(s.c, w, r, "item first", 0, who, func(_ context.Context, u *reader) (item, error) {
			s.computed++
			if s.missing {
				return item{}, errs.NotFound("Item")
			}
			if u != nil && u.name == "author" {
				return item{Title: "First", Draft: true}, nil
			}
			return item{Title: "First"}, nil
		})
	}), etag)
	if vary := strings.Join(w.Header().Values("Vary"), ","); !strings.Contains(vary, "Authorization, Cookie") {
		t.Fatalf("Vary %q", vary)
	}
	return w
}

func TestServeJSONKeepsOnlyTheAnonymousAnswer(t *testing.T) {
	s := &itemServer{c: cache.New(dbtest.SQLite(t, sets...), nil)}

	// The author's answer is theirs: private, without validators, computed each time.
	for range 2 {
		w := s.get(t, &reader{name: "author"}, "")
		if w.Code != 200 || w.Body.String() != `{"title":"First","draft":true}`+"\n" {
			t.Fatalf("the author's read: %d %q", w.Code, w.Body)
		}
		if w.Header().Get("Cache-Control") != cache.Private || w.Header().Get("ETag") != "" {
			t.Fatalf("the author's headers: %v", w.Header())
		}
	}
	if s.computed != 2 {
		t.Fatalf("the author's reads computed %d times, want 2", s.computed)
	}

	// Anyone else gets the public answer, computed once however often it is asked
	// and never the author's: nothing of theirs was kept.
	first := s.get(t, nil, "")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || first.Body.String() != `{"title":"First"}`+"\n" {
		t.Fatalf("an anonymous read: %d %q", first.Code, first.Body)
	}
	if first.Header().Get("Cache-Control") != cache.Public || etag == "" || first.Header().Get("Last-Modified") == "" {
		t.Fatalf("an anonymous read's headers: %v", first.Header())
	}
	if again := s.get(t, nil, ""); again.Body.String() != first.Body.String() || s.computed != 3 {
		t.Fatalf("a second anonymous read: %q, computed %d times", again.Body, s.computed)
	}
	if nm := s.get(t, nil, etag); nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || s.computed != 3 {
		t.Fatalf("a read with the ETag: %d %q, computed %d times", nm.Code, nm.Body, s.computed)
	}
	// A signed-in read with the public ETag is not told it holds the answer.
	if w := s.get(t, &reader{name: "author"}, etag); w.Code != 200 || s.computed != 4 {
		t.Fatalf("the author's read with the public ETag: %d, computed %d times", w.Code, s.computed)
	}
}

func TestServeJSONAnswersErrorsInTheContractsShape(t *testing.T) {
	s := &itemServer{c: cache.New(dbtest.SQLite(t, sets...), nil), missing: true}
	for _, who := range []*reader{nil, nil, {name: "author"}} {
		w := s.get(t, who, "")
		var body web.Body
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusNotFound ||
			body.Code != errs.CodeNotFound || body.Error == "" {
			t.Fatalf("a missing item read by %v: %d %q", who, w.Code, w.Body)
		}
		if who == nil && (w.Header().Get("ETag") != "" || w.Header().Get("Cache-Control") != "") {
			t.Fatalf("a missing item's answer carries validators: %v", w.Header())
		}
	}
	// Nothing was kept: each read asked again, and the item found is answered at once.
	if s.computed != 3 {
		t.Fatalf("computed %d times, want 3", s.computed)
	}
	s.missing = false
	if w := s.get(t, nil, ""); w.Code != 200 || s.computed != 4 {
		t.Fatalf("the item found: %d, computed %d times", w.Code, s.computed)
	}
}
