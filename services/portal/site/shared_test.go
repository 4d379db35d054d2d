package site

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// versioned answers one item as its service does: with an ETag, and 304 to a caller
// that holds it. It counts the full answers it gave.
type versioned struct {
	mu      sync.Mutex
	etag    string
	body    any
	full    int
	matched int
}

func (v *versioned) serve(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if r.Header.Get("Authorization") != "" {
		web.WriteJSON(w, 200, v.body) // personal: no validator
		return
	}
	w.Header().Set("ETag", v.etag)
	if r.Header.Get("If-None-Match") == v.etag {
		v.matched++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	v.full++
	web.WriteJSON(w, 200, v.body)
}

func (v *versioned) set(etag string, body any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.etag, v.body = etag, body
}

func (v *versioned) counts() (full, matched int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.full, v.matched
}

var idemKeyRE = regexp.MustCompile(`name="idempotency_key" value="([^"]*)"`)

// visit fetches path as a signed-out visitor holding csrf, and returns the page and
// the Idempotency-Key its form carries.
func visit(t *testing.T, h http.Handler, path, csrf string) (string, string) {
	t.Helper()
	return visitTaking(t, h, path, csrf, "")
}

// visitTaking is visit from a browser that takes the encodings accept names: a gzip
// answer is stitched from the kept drawing's pieces and this visitor's own text.
func visitTaking(t *testing.T, h http.Handler, path, csrf, accept string) (string, string) {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	if csrf != "" {
		r.Header.Set("Cookie", auth.CSRFCookie+"="+csrf) // as sent, unchecked
	}
	r.Header.Set("Accept-Encoding", accept)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 {
		t.Fatalf("%s: %d %s", path, w.Code, w.Body)
	}
	if got, want := w.Header().Get("Content-Encoding"), map[string]string{"gzip": "gzip"}[accept]; got != want {
		t.Fatalf("%s taking %q: Content-Encoding %q", path, accept, got)
	}
	body := w.Body.String()
	if accept == "gzip" {
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: the gzip answer does not decode: %v", path, err)
		}
		body = string(b)
	}
	key := ""
	if m := idemKeyRE.FindStringSubmatch(body); m != nil {
		if key = m[1]; len(key) != 32 {
			t.Fatalf("%s: the form has no fresh Idempotency-Key: %q", path, key)
		}
	}
	if strings.Contains(body, visitorMarks.csrf) || strings.Contains(body, visitorMarks.key) {
		t.Fatalf("%s: a stand-in for a visitor's value reached the page", path)
	}
	return body, key
}

// An item page is drawn once per state of its service's answer for every
// signed-out visitor: the service is revalidated with the answer's ETag each time
// (never stale), while each visitor's form carries their own CSRF token and a
// fresh Idempotency-Key. A change shows at once; signed in, the page is personal.
func TestItemPagesAreDrawnOncePerStateForVisitors(t *testing.T) {
	changed := eventAnswer
	changed.Title = "Friday Night Set — Moved Upstairs"
	closedKitchen := restaurantAnswer
	closedKitchen.Name = "Soul Kitchen Express"
	dj := servicesapi.Provider{ID: "p1", Slug: "dj-smooth", BusinessName: "DJ Smooth", Tagline: "Steppin all night",
		Description: "Sets for steppers.", Category: "DJ", City: "Chicago", Status: "APPROVED"}
	renamed := dj
	renamed.BusinessName = "DJ Smooth Grooves"
	for _, c := range []struct {
		service, path, page string
		before, after       any
		first, second       string
	}{
		{"events", "/api/events/friday-set", "/events/friday-set", eventAnswer, changed, "Friday Night Set", "Moved Upstairs"},
		{"restaurants", "/api/restaurants/soul-kitchen", "/restaurants/soul-kitchen", restaurantAnswer, closedKitchen, "Soul Kitchen", "Soul Kitchen Express"},
		{"services", "/api/providers/dj-smooth", "/services/dj-smooth", dj, renamed, "DJ Smooth", "DJ Smooth Grooves"},
	} {
		t.Run(c.service, func(t *testing.T) {
			h, f := newRestaurantSite(t)
			item := &versioned{}
			item.set(`W/"v1"`, c.before)
			f.answers[c.service+" GET "+c.path] = item.serve

			a, keyA := visit(t, h, c.page, "tokenOfA")
			b, keyB := visitTaking(t, h, c.page, "tokenOfB", "gzip")
			if !strings.Contains(a, c.first) || !strings.Contains(b, c.first) {
				t.Fatalf("the page lost its item")
			}
			if strings.Contains(a, "tokenOfB") || strings.Contains(b, "tokenOfA") {
				t.Fatal("a visitor's page carries another's CSRF token")
			}
			// The directory asks a visitor to sign in before a quote: its page has no form.
			if c.service != "services" {
				if keyA == "" || keyA == keyB {
					t.Fatalf("two visitors' forms share an Idempotency-Key, or have none: %q %q", keyA, keyB)
				}
				if !strings.Contains(a, `value="tokenOfA"`) || !strings.Contains(b, `value="tokenOfB"`) {
					t.Fatal("a visitor's form does not carry their own CSRF token")
				}
			}
			if full, matched := item.counts(); full != 1 || matched != 1 {
				t.Fatalf("service answered %d in full and %d not modified; want 1 and 1", full, matched)
			}
			// A token that is not the platform's never reaches the page unescaped.
			hostile, _ := visit(t, h, c.page, `x<script>alert(1)</script>`)
			if strings.Contains(hostile, "<script>alert") {
				t.Fatal("a cookie's markup reached the page")
			}

			item.set(`W/"v2"`, c.after)
			if now, _ := visit(t, h, c.page, ""); !strings.Contains(now, c.second) {
				t.Fatal("the page is stale after its item changed")
			}

			signed := get(t, h, c.page, true)
			if signed.Code != 200 || !strings.Contains(signed.Body.String(), c.second) {
				t.Fatalf("signed in: %d", signed.Code)
			}
			if c.service == "events" && !strings.Contains(signed.Body.String(), `value="Pat Stepper"`) {
				t.Fatal("a signed-in buyer's page is not their own")
			}
		})
	}
}

// BenchmarkItemPage compares a signed-out visitor's event and restaurant pages drawn
// from the kept drawing (the service answers 304) with the same pages drawn in full
// for each request (a query makes the page the visitor's own), in one run, as a
// browser asks for them (compressed) through the kit's compression.
func BenchmarkItemPage(b *testing.B) {
	site, f := newRestaurantSite(b)
	h := web.Compress(site)
	for _, c := range []struct {
		service, path, page string
		answer              any
	}{
		{"events", "/api/events/friday-set", "/events/friday-set", eventAnswer},
		{"restaurants", "/api/restaurants/soul-kitchen", "/restaurants/soul-kitchen", restaurantAnswer},
	} {
		item := &versioned{}
		item.set(`W/"v1"`, c.answer)
		f.answers[c.service+" GET "+c.path] = item.serve
		for _, mode := range []struct{ name, query string }{{"kept", ""}, {"drawn", "?from=bench"}} {
			b.Run(c.service+"/"+mode.name, func(b *testing.B) {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						r := httptest.NewRequest("GET", c.page+mode.query, nil)
						r.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
						w := httptest.NewRecorder()
						h.ServeHTTP(w, r)
						if w.Code != 200 {
							b.Errorf("%d", w.Code)
							return
						}
					}
				})
			})
		}
	}
}

// asked counts the requests a service was sent for path.
func (f *fakes) asked(method, path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c.Method == method && c.Path == path {
			n++
		}
	}
	return n
}

// A signed-out visit of an item page asks its service once, whatever it answers: a
// missing item, a product not on sale, an outage and an answer that cannot be used
// are shown in the page's usual words from the one answer had.
func TestAnItemPageAsksItsServiceOnce(t *testing.T) {
	draft := storeapi.Product{ID: "p9", Slug: "draft", Name: "Not Yet", Status: "DRAFT"}
	for _, c := range []struct {
		name, service, path, page string
		answer                    func(http.ResponseWriter, *http.Request) // nil: the fakes' 404
		status                    int
		words                     string
	}{
		{"missing event", "events", "/api/events/gone", "/events/gone", nil, 404, "We could not find that"},
		{"missing restaurant", "restaurants", "/api/restaurants/gone", "/restaurants/gone", nil, 404, "We could not find that"},
		{"missing class", "classes", "/api/classes/gone", "/classes/gone", nil, 404, "We could not find that"},
		{"missing product", "store", "/api/products/gone", "/store/products/gone", nil, 404, "We could not find that"},
		{"missing provider", "services", "/api/providers/gone", "/services/gone", nil, 404, "We could not find that"},
		{"product not on sale", "store", "/api/products/draft", "/store/products/draft", answerJSON(200, draft), 404, "We could not find that"},
		{"events out", "events", "/api/events/friday-set", "/events/friday-set",
			refuse(errs.Errorf(errs.CodeUnavailable, "Down for maintenance.")), 503, "The events service is not answering right now"},
		{"a proxy's page", "classes", "/api/classes/steppin-foundations", "/classes/steppin-foundations",
			func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "<html>Bad Gateway</html>", http.StatusBadGateway)
			},
			502, "The classes service is not answering right now"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, f := newSite(t)
			if c.answer != nil {
				f.answers[c.service+" GET "+c.path] = c.answer
			}
			rec := get(t, h, c.page, false)
			if rec.Code != c.status {
				t.Fatalf("%s: %d, want %d", c.page, rec.Code, c.status)
			}
			mustContain(t, rec, c.words)
			if n := f.asked("GET", c.path); n != 1 {
				t.Fatalf("%s asked %s %d times, want once", c.page, c.service, n)
			}
		})
	}
}
