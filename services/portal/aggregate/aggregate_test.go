package aggregate

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// fakeService answers the feed endpoints like a service does, and can be made slow
// or failing.
type fakeService struct {
	name  string
	srv   *httptest.Server
	calls atomic.Int64
	delay atomic.Int64 // nanoseconds before answering
	fail  atomic.Bool  // answer 503
	// edition changes the items' titles, as a write to the service would.
	edition atomic.Int64

	mu      sync.Mutex
	headers []http.Header
}

func newFake(t *testing.T, name string) *fakeService {
	f := &fakeService{name: name}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		f.mu.Lock()
		f.headers = append(f.headers, r.Header.Clone())
		f.mu.Unlock()
		if d := time.Duration(f.delay.Load()); d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		if f.fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":"down","code":"UNAVAILABLE","requestId":""}`))
			return
		}
		if r.URL.Path == "/api/me/activity" && r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"Sign in","code":"UNAUTHENTICATED","requestId":""}`))
			return
		}
		item := feed.Item{ID: name + "-1", Kind: name, Title: name + " " + r.URL.Path + "?" + r.URL.RawQuery}
		if ed := f.edition.Load(); ed > 0 {
			item.Title += " #" + strconv.FormatInt(ed, 10)
		}
		_ = json.NewEncoder(w).Encode(web.NewList([]feed.Item{item}, 1, web.Page{Limit: 20}))
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeService) lastHeader() http.Header {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.headers) == 0 {
		return nil
	}
	return f.headers[len(f.headers)-1]
}

func newFakes(t *testing.T) (map[string]*fakeService, *gateway.Upstreams) {
	fakes := map[string]*fakeService{}
	urls := map[string]string{}
	for _, name := range Order {
		fakes[name] = newFake(t, name)
		urls[name] = fakes[name].srv.URL
	}
	up, err := gateway.NewUpstreams(urls, gateway.Options{BreakerThreshold: 3, BreakerCooldown: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return fakes, up
}

func TestFeedAllComplete(t *testing.T) {
	_, up := newFakes(t)
	a := New(up, Options{})
	res := a.Feed(t.Context(), 5)
	if !res.Complete {
		t.Fatalf("feed incomplete: %+v", res)
	}
	for i, s := range res.Sections {
		if s.Service != Order[i] || !s.Complete || s.Stale || len(s.Items) != 1 {
			t.Errorf("section %d: %+v", i, s)
		}
		if s.Items[0].Title != s.Service+" /api/feed?limit=5" {
			t.Errorf("%s asked as %q", s.Service, s.Items[0].Title)
		}
	}
}

// A slow service gets its section marked TIMEOUT and does not hold up the answer
// past its budget (bound: budget + 1s of slack for a loaded machine).
func TestFeedSlowServiceWithinBudget(t *testing.T) {
	fakes, up := newFakes(t)
	fakes["store"].delay.Store(int64(time.Minute))
	const budget = 200 * time.Millisecond
	a := New(up, Options{Budget: budget})
	start := time.Now()
	res := a.Feed(t.Context(), 5)
	if took := time.Since(start); took > budget+time.Second {
		t.Fatalf("feed took %v with a budget of %v", took, budget)
	}
	if res.Complete {
		t.Fatal("feed complete although store never answered")
	}
	for _, s := range res.Sections {
		if s.Service == "store" {
			if s.Complete || s.Error != CodeTimeout || len(s.Items) != 0 {
				t.Errorf("store section: %+v", s)
			}
		} else if !s.Complete {
			t.Errorf("%s incomplete: %+v", s.Service, s)
		}
	}
}

func TestFeedServesStaleWhenServiceFails(t *testing.T) {
	fakes, up := newFakes(t)
	a := New(up, Options{Fresh: time.Nanosecond, Stale: time.Hour})
	if res := a.Feed(t.Context(), 5); !res.Complete {
		t.Fatal("warm-up incomplete")
	}
	fakes["events"].fail.Store(true)
	// The first call may be served from the cache while a refresh runs (the service
	// was healthy); once the refresh has failed the section says so.
	var s Section
	for range 3 {
		s = a.FeedOf(t.Context(), "events", 5)
		if !s.Complete {
			break
		}
		a.flights.Forget("events?limit=5")
		time.Sleep(20 * time.Millisecond)
	}
	if s.Complete || !s.Stale || s.Error != CodeUnavailable || len(s.Items) != 1 {
		t.Fatalf("events section after failure: %+v", s)
	}
}

func TestFeedCollapsesConcurrentRefreshes(t *testing.T) {
	fakes, up := newFakes(t)
	fakes["events"].delay.Store(int64(100 * time.Millisecond))
	a := New(up, Options{Budget: 5 * time.Second})
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if s := a.FeedOf(t.Context(), "events", 5); !s.Complete {
				t.Errorf("incomplete: %+v", s)
			}
		})
	}
	wg.Wait()
	if n := fakes["events"].calls.Load(); n != 1 {
		t.Fatalf("50 concurrent cold requests made %d calls, want 1", n)
	}
	a.FeedOf(t.Context(), "events", 5)
	if n := fakes["events"].calls.Load(); n != 1 {
		t.Fatalf("a fresh section was fetched again (%d calls)", n)
	}
}

func TestBreakerStopsCallsToADeadService(t *testing.T) {
	fakes, up := newFakes(t)
	fakes["magazine"].fail.Store(true)
	a := New(up, Options{})
	for range 10 {
		a.Search(t.Context(), "x", 5)
	}
	if n := fakes["magazine"].calls.Load(); n != 3 {
		t.Fatalf("dead service called %d times, want 3 (the breaker threshold)", n)
	}
	if s := a.Search(t.Context(), "x", 5).Section("magazine"); s.Error != CodeUnavailable {
		t.Fatalf("open breaker section: %+v", s)
	}
}

func TestActivityForwardsIdentityAndRequestID(t *testing.T) {
	fakes, up := newFakes(t)
	a := New(up, Options{})
	mux := http.NewServeMux()
	a.Mount(mux)
	h := withUser(mux)
	req := httptest.NewRequest("GET", "/api/me/activity?limit=3", nil)
	req.AddCookie(&http.Cookie{Name: auth.AccessCookie, Value: "tok-123"})
	req = req.WithContext(web.WithRequestID(req.Context(), "rid-activity"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get(CompleteHeader) != "true" {
		t.Fatalf("activity: %d %s %s", rec.Code, rec.Header().Get(CompleteHeader), rec.Body)
	}
	for _, name := range Order {
		hd := fakes[name].lastHeader()
		if got := hd.Get("Authorization"); got != "Bearer tok-123" {
			t.Errorf("%s got Authorization %q", name, got)
		}
		if got := hd.Get(web.RequestIDHeader); got != "rid-activity" {
			t.Errorf("%s got request id %q", name, got)
		}
		if hd.Get("Cookie") != "" {
			t.Errorf("%s got the browser's cookies", name)
		}
	}
	// Activity is per user: a second call asks again instead of reusing the answer.
	h.ServeHTTP(httptest.NewRecorder(), req)
	if n := fakes["events"].calls.Load(); n != 2 {
		t.Fatalf("activity answered from a cache (%d calls)", n)
	}
}

func TestActivityNeedsAUser(t *testing.T) {
	_, up := newFakes(t)
	mux := http.NewServeMux()
	New(up, Options{}).Mount(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/me/activity", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("anonymous activity: %d", rec.Code)
	}
}

func TestFeedJSONShape(t *testing.T) {
	fakes, up := newFakes(t)
	fakes["classes"].fail.Store(true)
	mux := http.NewServeMux()
	New(up, Options{}).Mount(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/feed?limit=2", nil))
	if rec.Code != 200 || rec.Header().Get(CompleteHeader) != "false" {
		t.Fatalf("feed: %d %q", rec.Code, rec.Header().Get(CompleteHeader))
	}
	var body struct {
		Sections map[string]struct {
			Items    []feed.Item `json:"items"`
			Complete *bool       `json:"complete"`
			Stale    *bool       `json:"stale"`
			Error    string      `json:"error"`
		} `json:"sections"`
		Complete *bool `json:"complete"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, rec.Body)
	}
	if body.Complete == nil || *body.Complete || len(body.Sections) != 6 {
		t.Fatalf("shape: %s", rec.Body)
	}
	for _, name := range Order {
		s, ok := body.Sections[name]
		if !ok || s.Items == nil || s.Complete == nil || s.Stale == nil {
			t.Fatalf("section %s missing fields: %s", name, rec.Body)
		}
		if (name == "classes") != (s.Error != "") || (name == "classes") == *s.Complete {
			t.Errorf("section %s: %+v", name, s)
		}
	}
}

func TestSearchEmptyQueryAsksNobody(t *testing.T) {
	fakes, up := newFakes(t)
	mux := http.NewServeMux()
	New(up, Options{}).Mount(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=", nil))
	if rec.Code != 200 || rec.Header().Get(CompleteHeader) != "true" {
		t.Fatalf("empty search: %d %s", rec.Code, rec.Body)
	}
	for _, f := range fakes {
		if f.calls.Load() != 0 {
			t.Fatalf("%s asked for an empty search", f.name)
		}
	}
}

// withUser stands in for the portal's identity middleware: any access cookie is a
// signed-in caller.
func withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, _ := auth.TokenFromRequest(r); tok != "" {
			r = r.WithContext(auth.WithUser(r.Context(), &auth.User{ID: "u1", Email: "a@b.c"}))
		}
		next.ServeHTTP(w, r)
	})
}
