package site

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/api/restaurantsapi"
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
	Query        url.Values
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
	case "classes":
		it.Kind, it.Slug, it.Title = "class", "steppin-foundations", "Steppin Foundations"
	case "magazine":
		it.URL = "javascript:alert(1)" // must never become a link
	}
	return it
}

// newSite runs the site against fake services; down names services that are dead.
func newSite(t *testing.T, down ...string) (http.Handler, *fakes) {
	t.Helper()
	return newSiteWith(t, nil, down...)
}

// newSiteWith is newSite with the site adjusted by tune (its clock, say) first.
func newSiteWith(t testing.TB, tune func(*Site), down ...string) (http.Handler, *fakes) {
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
			c := call{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone()}
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
	if tune != nil {
		tune(s)
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

// The home page shows the sections that have something, says in one line which
// services did not answer, and hides the rest.
func TestHomeHidesEmptySectionsAndNamesTheOnesDown(t *testing.T) {
	h, f := newSite(t, "store")
	f.answers["services GET /api/feed"] = emptyList
	rec := get(t, h, "/", false)
	if rec.Code != 200 {
		t.Fatalf("home: %d", rec.Code)
	}
	mustContain(t, rec,
		`<a href="/events">Events</a></h2>`, `href="/events/friday-set"`, "Friday Night Set",
		`href="/restaurants/soul-kitchen"`, `href="/classes/steppin-foundations"`,
		"We could not reach Store right now",
		`<a href="/magazine">Magazine</a></h2>`, `<form class="search" role="search"`)
	body := rec.Body.String()
	// Below the lead, sections are a compact taste: no pictures.
	if strings.Contains(body, `src="http://events.example/img.png"`) {
		t.Error("a section below the lead shows pictures")
	}
	if strings.Contains(body, "javascript:") {
		t.Error("a javascript: address became a link")
	}
	if strings.Contains(body, `id="sec-services"`) || strings.Contains(body, `id="sec-store"`) {
		t.Error("an empty section is shown")
	}
	noRawValues(t, rec)
}

// emptyList is a service's answer with nothing in it.
func emptyList(w http.ResponseWriter, r *http.Request) {
	web.WriteJSON(w, 200, web.NewList([]feed.Item{}, 0, web.Page{Limit: 20}))
}

func TestRestaurantsListSaysWhoIsOpen(t *testing.T) {
	now := time.Date(2026, 12, 1, 19, 0, 0, 0, chicago)
	h, f := newSiteWith(t, func(s *Site) { s.now = func() time.Time { return now } })
	closes, opens := time.Date(2026, 12, 1, 23, 0, 0, 0, chicago), time.Date(2026, 12, 2, 11, 0, 0, 0, chicago)
	f.answers["restaurants GET /api/restaurants"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, web.NewList([]restaurantsapi.Restaurant{
			{ID: "r2", Slug: "late-bites", Name: "Late Bites", OpensAt: &opens},
			{ID: "r1", Slug: "soul-kitchen", Name: "Soul Kitchen", OpenNow: true, ClosesAt: &closes},
		}, 2, web.Page{Limit: 24}))
	}
	rec := get(t, h, "/restaurants", false)
	if rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "<h1>Restaurants</h1>", `href="/restaurants/soul-kitchen"`, "Open now · closes 11 PM",
		"Closed · opens tomorrow 11 AM")
	body := rec.Body.String()
	if strings.Index(body, "Soul Kitchen") > strings.Index(body, "Late Bites") {
		t.Error("an open restaurant is listed after a closed one")
	}
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

// eventAnswer is the events service's answer for the event page, in its own types.
var eventAnswer = eventsapi.Event{ID: "ev1", Slug: "friday-set", Title: "Friday Night Set", Description: "Dance all night.",
	Venue: "The Ballroom", Address: "1 Main St", StartsAt: time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC),
	EndsAt: time.Date(2026, 12, 5, 6, 0, 0, 0, time.UTC), FlyerURL: "/api/events/ev1/flyer", CardPayments: true,
	Tiers: []eventsapi.Tier{
		{ID: "t-ga", Name: "General", PriceCents: 2500, Capacity: 100, Left: 3, OnSale: true, SalesPhase: eventsapi.SalesOpen, MaxPerOrder: 6},
		{ID: "t-free", Name: "Volunteer", PriceCents: 0, Capacity: 5, Left: 0, SoldOut: true, OnSale: true, SalesPhase: eventsapi.SalesOpen, MaxPerOrder: 10},
	}}

func TestEventPageAndBuyingTickets(t *testing.T) {
	h, f := newSite(t)
	f.answers["events GET /api/events/friday-set"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, eventAnswer)
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

	held := time.Date(2026, 12, 5, 6, 0, 0, 0, time.UTC)
	cashOrder := eventsapi.Order{ID: "o1", EventID: "ev1", Status: "PENDING_PAYMENT", PaymentMethod: "cash", TotalCents: 5000,
		BuyerEmail: "pat@example.com", HoldExpiresAt: &held,
		Tickets: []eventsapi.Ticket{{Code: "TCK-AAA", Status: "PENDING", TierID: "t-ga", QRURL: "http://events.test/api/tickets/TCK-AAA/qr.png"},
			{Code: "TCK-BBB", Status: "PENDING", TierID: "t-ga", QRURL: "http://events.test/api/tickets/TCK-BBB/qr.png"}}}
	f.answers["events POST /api/tickets/purchase"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 201, cashOrder)
	}
	f.answers["events GET /api/orders/o1"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, cashOrder)
	}
	rec = post(t, h, "/events/friday-set/tickets", url.Values{"qty.t-ga": {"2"}, "name": {"Pat"}, "email": {"pat@example.com"},
		"payment": {"cash"}, "idempotency_key": {"key-123"}})
	// Post, redirect, get: the confirmation is a page of the order, safe to reload.
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/events/friday-set/orders/o1" {
		t.Fatalf("purchase: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = get(t, h, "/events/friday-set/orders/o1", true)
	if rec.Code != http.StatusOK {
		t.Fatalf("confirmation: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "Reserved: pay at the door", "TCK-AAA", "TCK-BBB", "$50.00 in cash", "Not paid yet",
		"held for you until Sat, Dec 5 · 12:00 AM", `src="http://events.test/api/tickets/TCK-AAA/qr.png"`,
		`href="/events/friday-set/calendar.ics"`, "google.com/maps", "pat@example.com", `href="/me/tickets"`)
	if strings.Contains(rec.Body.String(), "You're going") || strings.Contains(rec.Body.String(), "confirm-head paid") {
		t.Error("a cash reservation waiting for payment is shown as done")
	}
	noRawValues(t, rec)
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
		web.WriteJSON(w, 200, eventAnswer)
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
	mustContain(t, rec, `role="alert" id="buy-error" tabindex="-1">Sorry, General just sold out.`, `value="key-9"`, `<option value="1" selected>`)

	rec = post(t, h, "/events/friday-set/tickets", url.Values{"name": {"Pat"}})
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("no tickets chosen: %d", rec.Code)
	}
	mustContain(t, rec, "Choose how many tickets")
}

// The page shows each tier as the service says it is: on sale or not and why, and
// no more per order than the service allows.
func TestTiersAsTheServiceSaysTheyAre(t *testing.T) {
	h, f := newSite(t)
	opens := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	ev := eventAnswer
	ev.Tiers = []eventsapi.Tier{
		{ID: "t-early", Name: "Early", PriceCents: 1500, Left: 40, SalesPhase: eventsapi.SalesUpcoming, SalesStart: &opens, MaxPerOrder: 10},
		{ID: "t-late", Name: "Late", PriceCents: 1500, Left: 40, SalesPhase: eventsapi.SalesEnded, MaxPerOrder: 10},
		{ID: "t-pair", Name: "Pair", PriceCents: 3000, Left: 40, OnSale: true, SalesPhase: eventsapi.SalesOpen, MaxPerOrder: 2},
	}
	f.answers["events GET /api/events/friday-set"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, ev)
	}
	rec := get(t, h, "/events/friday-set", false)
	if rec.Code != 200 {
		t.Fatalf("event page: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "On sale Tue, Dec 1", "Sales have ended", `name="qty.t-pair"`, `<option value="2">`)
	body := rec.Body.String()
	if strings.Contains(body, `<option value="3">`) || strings.Contains(body, `name="qty.t-early"`) || strings.Contains(body, `name="qty.t-late"`) {
		t.Errorf("offers what the service does not sell:\n%s", body)
	}
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
	mustContain(t, rec, "We could not reach Events right now", "Soul Kitchen")
}

func TestUnknownEventIs404Page(t *testing.T) {
	h, _ := newSite(t)
	rec := get(t, h, "/events/nope", false)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("%d", rec.Code)
	}
	mustContain(t, rec, "We could not find that")
}

// restaurantNow is the clock of the restaurant page's tests: a Tuesday evening.
var restaurantNow = time.Date(2026, 12, 1, 19, 0, 0, 0, chicago)

// restaurantAnswer is the restaurants service's answer for the restaurant page, in its own types.
var restaurantAnswer = func() restaurantsapi.Restaurant {
	closes := time.Date(2026, 12, 1, 23, 0, 0, 0, chicago)
	slot1, slot2 := time.Date(2026, 12, 1, 19, 30, 0, 0, chicago), time.Date(2026, 12, 2, 12, 0, 0, 0, chicago)
	return restaurantsapi.Restaurant{ID: "r1", Slug: "soul-kitchen", Name: "Soul Kitchen", Cuisine: "Soul food",
		Address: "2 Main St", CardPayments: true, TaxBasisPoints: 1025, PrepMinutes: 20, OpenNow: true, ClosesAt: &closes,
		Hours:  []restaurantsapi.Span{{Day: "tuesday", Open: "11:00", Close: "23:00"}},
		Pickup: &restaurantsapi.Pickup{Asap: true, Slots: []time.Time{slot1.UTC(), slot2.UTC()}},
		Menu: &restaurantsapi.Menu{Categories: []restaurantsapi.Category{
			{Name: "Mains", Items: []restaurantsapi.MenuItem{
				{ID: "m1", Name: "Fried Catfish", PriceCents: 1450, Dietary: []string{"spicy"}, Available: true},
				{ID: "m2", Name: "Oxtails", PriceCents: 1900, Available: false}}},
			{Name: "Sides", Items: []restaurantsapi.MenuItem{{ID: "m3", Name: "Mac & Cheese", PriceCents: 600, Available: true}}},
		}}}
}()

func newRestaurantSite(t testing.TB) (http.Handler, *fakes) {
	h, f := newSiteWith(t, func(s *Site) { s.now = func() time.Time { return restaurantNow } })
	f.answers["restaurants GET /api/restaurants/soul-kitchen"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, restaurantAnswer)
	}
	return h, f
}

func TestRestaurantPageAndOrdering(t *testing.T) {
	h, f := newRestaurantSite(t)
	rec := get(t, h, "/restaurants/soul-kitchen", true)
	if rec.Code != 200 {
		t.Fatalf("restaurant page: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "<h1>Soul Kitchen</h1>", "<h3>Mains</h3>", "<h3>Sides</h3>", "Fried Catfish", "$14.50",
		`name="qty.m1"`, `name="qty.m3"`, `name="note.m1"`, "Mac &amp; Cheese", "Sold out", "Spicy",
		"Open now · closes 11 PM", "Tuesday", "11 AM – 11 PM", "As soon as possible (about 20 min)",
		`<optgroup label="Today">`, "Today 7:30 PM", `<optgroup label="Tomorrow">`, "Tax (10.25%)", `id="cart-bar"`)
	if strings.Contains(rec.Body.String(), `name="qty.m2"`) || strings.Contains(rec.Body.String(), `type="datetime-local"`) {
		t.Error("an unavailable dish can be ordered, or the pickup time is a raw date box")
	}

	f.answers["restaurants POST /api/orders"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 201, restaurantsapi.Order{ID: "o7", OrderNumber: "SK-1007", Status: "PENDING",
			TotalCents: 3500, CheckoutURL: "https://checkout.stripe.test/c/pay_1"})
	}
	slot := restaurantAnswer.Pickup.Slots[1].Format(time.RFC3339)
	rec = post(t, h, "/restaurants/soul-kitchen/orders", url.Values{"qty.m1": {"2"}, "note.m1": {"  extra crispy "}, "qty.m3": {"1"},
		"pickup": {slot}, "payment": {"card"}, "phone": {"(312) 555-0142"}, "idempotency_key": {"k-ord"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "https://checkout.stripe.test/c/pay_1" {
		t.Fatalf("card order: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	c, _ := f.last("POST", "/api/orders")
	b, _ := json.Marshal(c.Body)
	// Noon in Chicago in December is 18:00 UTC.
	want := `{"items":[{"menuItemId":"m1","notes":"extra crispy","quantity":2},{"menuItemId":"m3","quantity":1}],"paymentMethod":"card","phone":"(312) 555-0142","pickupTime":"2026-12-02T18:00:00Z","restaurantId":"r1"}`
	if string(b) != want || c.Header.Get("Idempotency-Key") != "k-ord" {
		t.Errorf("order body\n got %s\nwant %s (key %q)", b, want, c.Header.Get("Idempotency-Key"))
	}

	// ASAP is now plus the kitchen's usual prep time; the answer is a redirect to
	// the order's own page, so a refresh there never orders again.
	f.answers["restaurants POST /api/orders"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 201, restaurantsapi.Order{ID: "o8", OrderNumber: "SK-1008", Status: "PENDING", TotalCents: 600})
	}
	rec = post(t, h, "/restaurants/soul-kitchen/orders", url.Values{"qty.m3": {"1"}, "pickup": {"asap"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/me/orders/o8?placed=1" {
		t.Fatalf("pay-at-pickup order: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	c, _ = f.last("POST", "/api/orders")
	if got := c.Body["pickupTime"]; got != restaurantNow.Add(20*time.Minute).UTC().Format(time.RFC3339) {
		t.Errorf("ASAP pickup = %v", got)
	}

	ready := restaurantNow.Add(25 * time.Minute)
	f.answers["restaurants GET /api/orders/o8"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 200, restaurantsapi.Order{ID: "o8", OrderNumber: "SK-1008", RestaurantName: "Soul Kitchen",
			Status: "CONFIRMED", PaymentMethod: "pay_at_pickup", PaymentStatus: "DUE_AT_PICKUP", ReadyAt: &ready,
			Items:         []restaurantsapi.OrderLine{{Name: "Mac & Cheese", Quantity: 1, LineTotalCents: 600, Notes: "no pepper"}},
			SubtotalCents: 600, TaxCents: 62, TotalCents: 662, PickupTime: restaurantNow.Add(20 * time.Minute),
			Customer: restaurantsapi.Customer{Email: "pat@example.com"}})
	}
	rec = get(t, h, "/me/orders/o8?placed=1", true)
	if rec.Code != 200 {
		t.Fatalf("order page: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "Thank you!", "SK-1008", "A receipt is on its way to pat@example.com", "Mac &amp; Cheese",
		"Note: no pepper", "$6.00", "$0.62", "$6.62", "Pay $6.62 when you pick it up", "Ready by about 7:25 PM",
		`aria-current="step"`, `data-live="1"`)
}

func TestRestaurantOrderNeedsSignIn(t *testing.T) {
	h, f := newRestaurantSite(t)
	f.answers["restaurants POST /api/orders"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, auth.ErrUnauthenticated)
	}
	rec := post(t, h, "/restaurants/soul-kitchen/orders", url.Values{"qty.m1": {"1"}, "note.m1": {"mild"}})
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("%d", rec.Code)
	}
	// What they chose is kept, with the cart's totals, while they go and sign in.
	mustContain(t, rec, "Please sign in to continue.", `href="/signin?next=/restaurants/soul-kitchen"`, `value="mild"`,
		"1× Fried Catfish", "$14.50", "$1.49", "$15.99")
}

func TestTrackerFollowsTheKitchen(t *testing.T) {
	ready := time.Date(2026, 12, 1, 19, 45, 0, 0, chicago)
	for _, c := range []struct {
		status, headline string
		now              int // the step marked as current; -1 for none
		over             bool
	}{
		{"PENDING", "The kitchen has your order", 0, false},
		{"CONFIRMED", "Accepted", 1, false},
		{"PREPARING", "Being prepared", 2, false},
		{"READY_FOR_PICKUP", "Ready for pickup!", 3, false},
		{"COMPLETED", "Picked up. Enjoy!", -1, true},
		{"CANCELLED", "Cancelled", -1, true},
	} {
		tr := trackerOf(restaurantsapi.Order{Status: c.status, ReadyAt: &ready, OrderNumber: "R-1", CancelReason: "Kitchen is closing"})
		if tr.Headline != c.headline || tr.Over != c.over {
			t.Errorf("%s: %q over=%v", c.status, tr.Headline, tr.Over)
		}
		for i, st := range tr.Steps {
			if st.Now != (i == c.now) {
				t.Errorf("%s: step %d now=%v", c.status, i, st.Now)
			}
		}
		if c.status == "CANCELLED" && (!tr.Cancelled || tr.Reason != "Kitchen is closing") {
			t.Errorf("cancelled: %+v", tr)
		}
	}
	if tr := trackerOf(restaurantsapi.Order{Status: "CONFIRMED", ReadyAt: &ready}); tr.Detail != "Ready by about 7:45 PM." || tr.Steps[1].Note != "ready by 7:45 PM" {
		t.Errorf("ready time: %+v", tr)
	}
}

func TestStylesheet(t *testing.T) {
	h, _ := newSite(t)
	rec := get(t, h, "/static/portal/site.css", false)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
