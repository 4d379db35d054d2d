package site

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/aggregate"
	"stepperslife/services/portal/gateway"
)

// call is one request a fake service received.
type call struct {
	Method, Path string
	Header       http.Header
	Body         map[string]any
}

type fakes struct {
	mu    sync.Mutex
	calls []call
	// answers by "METHOD /path"; missing ones answer a one-item feed
	answers map[string]func(w http.ResponseWriter, r *http.Request)
}

func (f *fakes) last(method, path string) (call, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.calls) - 1; i >= 0; i-- {
		if f.calls[i].Method == method && f.calls[i].Path == path {
			return f.calls[i], true
		}
	}
	return call{}, false
}

func itemOf(name string) feed.Item {
	starts := time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC)
	price := int64(2500)
	it := feed.Item{ID: name + "-1", Kind: name, Slug: name + "-one", Title: strings.ToUpper(name[:1]) + name[1:] + " One",
		URL: "http://" + name + ".example/x/" + name + "-one", ImageURL: "http://" + name + ".example/img.png"}
	switch name {
	case "events":
		it.Kind, it.Slug, it.Title, it.StartsAt, it.PriceCents = "event", "friday-set", "Friday Night Set", &starts, &price
	case "restaurants":
		it.Kind, it.Slug, it.Title = "restaurant", "soul-kitchen", "Soul Kitchen"
	case "magazine":
		it.URL = "javascript:alert(1)" // must never become a link
	}
	return it
}

// newSite runs the site against fake services; down names services that are dead.
func newSite(t *testing.T, down ...string) (http.Handler, *fakes) {
	t.Helper()
	f := &fakes{answers: map[string]func(http.ResponseWriter, *http.Request){}}
	urls := map[string]string{}
	for _, name := range aggregate.Order {
		if contains(down, name) {
			srv := httptest.NewServer(nil)
			urls[name] = srv.URL
			srv.Close()
			continue
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := call{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone()}
			if r.Body != nil {
				_ = json.NewDecoder(r.Body).Decode(&c.Body)
			}
			f.mu.Lock()
			f.calls = append(f.calls, c)
			answer := f.answers[name+" "+r.Method+" "+r.URL.Path]
			f.mu.Unlock()
			if answer != nil {
				answer(w, r)
				return
			}
			if r.URL.Path == "/api/feed" || r.URL.Path == "/api/search" || r.URL.Path == "/api/me/activity" {
				web.WriteJSON(w, 200, web.NewList([]feed.Item{itemOf(name)}, 1, web.Page{Limit: 20}))
				return
			}
			web.WriteError(w, r, errs.NotFound("Thing"))
		}))
		t.Cleanup(srv.Close)
		urls[name] = srv.URL
	}
	up, err := gateway.NewUpstreams(urls, gateway.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(aggregate.New(up, aggregate.Options{Budget: 2 * time.Second}), up, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Mount(mux)
	return signedIn(web.JSONFallback(mux)), f
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// signedIn stands in for the portal's identity middleware: a session cookie is a
// signed-in user; a request id is set as the kit's middleware does.
func signedIn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := web.WithRequestID(r.Context(), "rid-site")
		if _, err := r.Cookie(auth.AccessCookie); err == nil {
			ctx = auth.WithUser(ctx, &auth.User{ID: "u1", Email: "pat@example.com", Name: "Pat Stepper"})
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func get(t *testing.T, h http.Handler, path string, signed bool) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if signed {
		req.AddCookie(&http.Cookie{Name: auth.AccessCookie, Value: "tok-pat"})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func post(t *testing.T, h http.Handler, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.AccessCookie, Value: "tok-pat"})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func mustContain(t *testing.T, rec *httptest.ResponseRecorder, wants ...string) {
	t.Helper()
	body := rec.Body.String()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page (%d) lacks %q", rec.Code, w)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", body)
	}
}

func TestHomeShowsEverySectionEvenWithAServiceDown(t *testing.T) {
	h, _ := newSite(t, "store")
	rec := get(t, h, "/", false)
	if rec.Code != 200 {
		t.Fatalf("home: %d", rec.Code)
	}
	mustContain(t, rec,
		`<a href="/events">Events</a></h2>`, `href="/events/friday-set"`, "Friday Night Set",
		`href="/restaurants/soul-kitchen"`, `href="http://classes.example/x/classes-one"`,
		`src="http://events.example/img.png"`, "Store is taking a break right now",
		`<a href="/magazine">Magazine</a></h2>`, `<form class="search" role="search"`)
	if strings.Contains(rec.Body.String(), "javascript:") {
		t.Error("a javascript: address became a link")
	}
}

func TestVerticalPage(t *testing.T) {
	h, _ := newSite(t)
	rec := get(t, h, "/restaurants", false)
	if rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "<h1>Restaurants</h1>", `href="/restaurants/soul-kitchen"`)
}

func TestSearchPage(t *testing.T) {
	h, f := newSite(t)
	rec := get(t, h, "/search?q=friday", false)
	mustContain(t, rec, "6 results for “friday”", "Friday Night Set")
	if c, ok := f.last("GET", "/api/search"); !ok || c.Header.Get(web.RequestIDHeader) != "rid-site" {
		t.Fatalf("search not asked with the request id: %+v", c)
	}
}

func TestMePage(t *testing.T) {
	h, f := newSite(t)
	rec := get(t, h, "/me", false)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/signin?next=%2Fme" {
		t.Fatalf("anonymous /me: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	rec = get(t, h, "/me", true)
	if rec.Code != 200 {
		t.Fatalf("/me: %d", rec.Code)
	}
	mustContain(t, rec, "<h1>My SteppersLife</h1>", "Soul Kitchen")
	c, ok := f.last("GET", "/api/me/activity")
	if !ok || c.Header.Get("Authorization") != "Bearer tok-pat" || c.Header.Get("Cookie") != "" {
		t.Fatalf("activity asked without the caller's token: %+v", c)
	}
}

var eventJSON = `{"id":"ev1","slug":"friday-set","title":"Friday Night Set","description":"Dance all night.",
 "venue":"The Ballroom","address":"1 Main St","startsAt":"2026-12-05T02:00:00Z","endsAt":"2026-12-05T06:00:00Z",
 "flyerUrl":"/api/events/ev1/flyer",
 "tiers":[{"id":"t-ga","name":"General","priceCents":2500,"capacity":100,"left":3,"maxPerOrder":6},
          {"id":"t-free","name":"Volunteer","priceCents":0,"capacity":5,"left":0}]}`

func TestEventPageAndBuyingTickets(t *testing.T) {
	h, f := newSite(t)
	f.answers["events GET /api/events/friday-set"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, eventJSON)
	}
	rec := get(t, h, "/events/friday-set", true)
	if rec.Code != 200 {
		t.Fatalf("event page: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "<h1>Friday Night Set</h1>", "The Ballroom", "$25.00", "(3 left)", "Sold out",
		`name="qty.t-ga"`, `<option value="3">`, `name="idempotency_key"`, `value="Pat Stepper"`, "/api/events/ev1/flyer")
	if strings.Contains(rec.Body.String(), `<option value="4">`) {
		t.Error("offered more tickets than are left")
	}

	f.answers["events POST /api/tickets/purchase"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 201, map[string]any{"id": "o1", "status": "PENDING_PAYMENT", "totalCents": 5000,
			"tickets": []map[string]string{{"code": "TCK-AAA", "status": "PENDING", "tierId": "t-ga"}, {"code": "TCK-BBB", "status": "PENDING", "tierId": "t-ga"}}})
	}
	rec = post(t, h, "/events/friday-set/tickets", url.Values{"qty.t-ga": {"2"}, "name": {"Pat"}, "email": {"pat@example.com"},
		"payment": {"cash"}, "idempotency_key": {"key-123"}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("purchase: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "TCK-AAA", "TCK-BBB", "PENDING_PAYMENT", "$50.00")
	c, ok := f.last("POST", "/api/tickets/purchase")
	if !ok {
		t.Fatal("purchase never reached the events service")
	}
	if c.Header.Get("Idempotency-Key") != "key-123" || c.Header.Get("Authorization") != "Bearer tok-pat" ||
		c.Header.Get(web.RequestIDHeader) != "rid-site" || c.Header.Get("Cookie") != "" {
		t.Errorf("purchase headers: %v", c.Header)
	}
	b, _ := json.Marshal(c.Body)
	want := `{"attendee":{"email":"pat@example.com","name":"Pat"},"eventId":"ev1","items":[{"quantity":2,"tierId":"t-ga"}],"paymentMethod":"cash"}`
	if string(b) != want {
		t.Errorf("purchase body\n got %s\nwant %s", b, want)
	}
}

func TestBuyingShowsTheServiceRefusalPolitely(t *testing.T) {
	h, f := newSite(t)
	f.answers["events GET /api/events/friday-set"] = func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, eventJSON)
	}
	f.answers["events POST /api/tickets/purchase"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, errs.Errorf(errs.CodeSoldOut, "Sorry, General just sold out."))
	}
	rec := post(t, h, "/events/friday-set/tickets", url.Values{"qty.t-ga": {"1"}, "name": {"Pat"},
		"email": {"pat@example.com"}, "idempotency_key": {"key-9"}})
	if rec.Code != http.StatusConflict {
		t.Fatalf("sold out: %d", rec.Code)
	}
	// The same key comes back in the form, so sending it again is safe.
	mustContain(t, rec, `role="alert">Sorry, General just sold out.`, `value="key-9"`, `<option value="1" selected>`)

	rec = post(t, h, "/events/friday-set/tickets", url.Values{"name": {"Pat"}})
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("no tickets chosen: %d", rec.Code)
	}
	mustContain(t, rec, "Choose how many tickets")
}

func TestEventPageWithEventsDown(t *testing.T) {
	h, _ := newSite(t, "events")
	rec := get(t, h, "/events/friday-set", false)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("events down: %d", rec.Code)
	}
	mustContain(t, rec, "Temporarily unavailable", "The events service is not answering right now")
	rec = get(t, h, "/", false)
	if rec.Code != 200 {
		t.Fatalf("home with events down: %d", rec.Code)
	}
	mustContain(t, rec, "Events is taking a break right now", "Soul Kitchen")
}

func TestUnknownEventIs404Page(t *testing.T) {
	h, _ := newSite(t)
	rec := get(t, h, "/events/nope", false)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "We could not find that")
}

var restaurantJSON = `{"id":"r1","slug":"soul-kitchen","name":"Soul Kitchen","cuisine":"Soul food","address":"2 Main St",
 "menu":[{"name":"Mains","items":[{"id":"m1","name":"Fried Catfish","priceCents":1450,"dietary":["spicy"],"available":true},
                                 {"id":"m2","name":"Oxtails","priceCents":1900,"available":false}]},
         {"name":"Sides","items":[{"id":"m3","name":"Mac & Cheese","priceCents":600,"available":true}]}]}`

func TestRestaurantPageAndOrdering(t *testing.T) {
	h, f := newSite(t)
	f.answers["restaurants GET /api/restaurants/soul-kitchen"] = func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, restaurantJSON)
	}
	rec := get(t, h, "/restaurants/soul-kitchen", true)
	if rec.Code != 200 {
		t.Fatalf("restaurant page: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "<h1>Soul Kitchen</h1>", "<h3>Mains</h3>", "<h3>Sides</h3>", "Fried Catfish", "$14.50",
		`name="qty.m1"`, `name="qty.m3"`, "Mac &amp; Cheese", "Unavailable", "spicy")
	if strings.Contains(rec.Body.String(), `name="qty.m2"`) {
		t.Error("an unavailable dish can be ordered")
	}

	f.answers["restaurants POST /api/orders"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 201, map[string]any{"id": "o7", "orderNumber": "SK-1007", "status": "PENDING",
			"totalCents": 3500, "checkoutUrl": "https://checkout.stripe.test/c/pay_1"})
	}
	rec = post(t, h, "/restaurants/soul-kitchen/orders", url.Values{"qty.m1": {"2"}, "qty.m3": {"1"},
		"pickup": {"2026-12-04T18:30"}, "payment": {"card"}, "idempotency_key": {"k-ord"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "https://checkout.stripe.test/c/pay_1" {
		t.Fatalf("card order: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	c, _ := f.last("POST", "/api/orders")
	b, _ := json.Marshal(c.Body)
	// 18:30 in Chicago in December is 00:30 UTC the next day.
	want := `{"items":[{"menuItemId":"m1","quantity":2},{"menuItemId":"m3","quantity":1}],"paymentMethod":"card","pickupTime":"2026-12-05T00:30:00Z","restaurantId":"r1"}`
	if string(b) != want || c.Header.Get("Idempotency-Key") != "k-ord" {
		t.Errorf("order body\n got %s\nwant %s (key %q)", b, want, c.Header.Get("Idempotency-Key"))
	}

	f.answers["restaurants POST /api/orders"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 201, map[string]any{"id": "o8", "orderNumber": "SK-1008", "status": "PENDING", "totalCents": 600})
	}
	rec = post(t, h, "/restaurants/soul-kitchen/orders", url.Values{"qty.m3": {"1"}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("pay-at-pickup order: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "SK-1008", "$6.00", "Soul Kitchen")
}

func TestRestaurantOrderNeedsSignIn(t *testing.T) {
	h, f := newSite(t)
	f.answers["restaurants GET /api/restaurants/soul-kitchen"] = func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, restaurantJSON)
	}
	f.answers["restaurants POST /api/orders"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, auth.ErrUnauthenticated)
	}
	rec := post(t, h, "/restaurants/soul-kitchen/orders", url.Values{"qty.m1": {"1"}})
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "Please sign in to continue.", `href="/signin?next=/restaurants/soul-kitchen"`)
}

func TestStylesheet(t *testing.T) {
	h, _ := newSite(t)
	rec := get(t, h, "/static/portal/site.css", false)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
