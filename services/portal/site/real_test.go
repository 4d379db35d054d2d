package site

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/aggregate"
	"stepperslife/services/portal/aggregate/proctest"
	"stepperslife/services/portal/gateway"
)

// platform is the portal's pages, gateway and aggregator in front of the real events
// and restaurants services, with one published event and one approved restaurant.
type platform struct {
	portal                       string
	iss                          *proctest.Issuer
	buyer                        string // a signed-in customer's session token
	eventID, eventSlug           string
	restaurantID, restaurantSlug string
}

func startPlatform(t *testing.T, seats int) *platform {
	t.Helper()
	iss := proctest.NewIssuer(t)
	p := newPlatform(t, iss.URL, proctest.Start(t, "events", iss.URL), proctest.Start(t, "restaurants", iss.URL))
	p.iss, p.buyer = iss, iss.Token(t, "buyer@example.com")
	p.seed(t, seats, iss.Token(t, "org@example.com", auth.RoleEventOrganizer),
		iss.Token(t, "chef@example.com", auth.RoleRestaurantOwner), iss.Token(t, "admin@example.com", auth.RoleAdmin))
	return p
}

// newPlatform serves the portal's pages, aggregator and gateway in front of the
// events and restaurants processes, trusting session tokens signed by issuer.
func newPlatform(t *testing.T, issuer string, events, restaurants *proctest.Proc) *platform {
	t.Helper()
	up, err := gateway.NewUpstreams(map[string]string{"events": events.URL, "restaurants": restaurants.URL}, gateway.Options{})
	if err != nil {
		t.Fatal(err)
	}
	agg := aggregate.New(up, aggregate.Options{Fresh: time.Millisecond})
	s, err := New(agg, up, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Mount(mux)
	agg.Mount(mux)
	gateway.New(up).Mount(mux)
	verifier := auth.NewTokenVerifier(issuer, auth.NewJWKSCache(issuer+auth.JWKSPath, nil))
	h := web.Middleware(slog.New(slog.NewTextHandler(io.Discard, nil)), web.NewMetrics(prometheus.NewRegistry()), 8<<20,
		auth.Protect(auth.Policy{PortalURL: issuer, Dev: true}, verifier, web.JSONFallback(mux)))
	portal := httptest.NewServer(h)
	t.Cleanup(portal.Close)
	return &platform{portal: portal.URL}
}

// seed publishes an event with one free tier of seats and opens a restaurant with
// one dish, through the portal's gateway, as their organizer, owner and an admin.
func (p *platform) seed(t *testing.T, seats int, organizer, owner, admin string) {
	t.Helper()
	starts := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	ev := apiCall(t, p.portal, organizer, "POST", "/api/events/events", map[string]any{
		"title": "Portal Test Set", "description": "A night of steppin.", "category": "SET",
		"venue": "The Ballroom", "address": "1 Main St, Chicago", "startsAt": starts, "endsAt": starts.Add(4 * time.Hour)})
	p.eventID, p.eventSlug = ev["id"].(string), ev["slug"].(string)
	apiCall(t, p.portal, organizer, "POST", "/api/events/events/"+p.eventID+"/tiers",
		map[string]any{"name": "Free entry", "priceCents": 0, "capacity": seats})
	apiCall(t, p.portal, organizer, "POST", "/api/events/events/"+p.eventID+"/publish", map[string]any{})

	r := apiCall(t, p.portal, owner, "POST", "/api/restaurants/restaurants", map[string]any{
		"name": "Portal Test Kitchen", "description": "Soul food.", "cuisine": "Soul", "address": "2 Main St", "phone": "312-555-0100"})
	p.restaurantID, p.restaurantSlug = r["id"].(string), r["slug"].(string)
	apiCall(t, p.portal, admin, "POST", "/api/restaurants/admin/restaurants/"+p.restaurantID+"/approve", map[string]any{})
	var hours []map[string]string
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		hours = append(hours, map[string]string{"day": d, "open": "00:00", "close": "23:59"})
	}
	apiCall(t, p.portal, owner, "PUT", "/api/restaurants/restaurants/"+p.restaurantID+"/hours", map[string]any{"hours": hours})
	apiCall(t, p.portal, owner, "POST", "/api/restaurants/restaurants/"+p.restaurantID+"/menu/items", map[string]any{
		"name": "Fried Catfish", "description": "Crispy.", "priceCents": 1450, "category": "Mains", "dietary": []string{}, "available": true})
}

// TestRealEventsAndRestaurants buys tickets and orders food through the portal's
// pages from the real events and restaurants services, each its own process.
func TestRealEventsAndRestaurants(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes")
	}
	p := startPlatform(t, 2)
	buyer := p.buyer

	t.Run("tickets", func(t *testing.T) {
		page := pageCall(t, p.portal, buyer, "GET", "/events/"+p.eventSlug, nil)
		if !strings.Contains(page, "Portal Test Set") || !strings.Contains(page, "Free entry") || !strings.Contains(page, "(2 left)") {
			t.Fatalf("event page:\n%s", page)
		}
		tier := regexp.MustCompile(`name="qty\.([^"]+)"`).FindStringSubmatch(page)
		if tier == nil {
			t.Fatalf("no ticket form:\n%s", page)
		}
		form := url.Values{"qty." + tier[1]: {"2"}, "name": {"Buyer"}, "email": {"buyer@example.com"}, "idempotency_key": {"k-" + p.eventID}}
		done := pageCall(t, p.portal, buyer, "POST", "/events/"+p.eventSlug+"/tickets", form)
		codes := regexp.MustCompile(`<td><code>([^<]+)</code></td>`).FindAllStringSubmatch(done, -1)
		if len(codes) != 2 {
			t.Fatalf("want 2 ticket codes on the thank-you page:\n%s", done)
		}
		// The same form again (a double click) buys nothing more.
		again := pageCall(t, p.portal, buyer, "POST", "/events/"+p.eventSlug+"/tickets", form)
		if !strings.Contains(again, codes[0][1]) {
			t.Fatalf("the repeated form did not return the first purchase:\n%s", again)
		}
		// Sold out now: the service's refusal is shown on the page.
		form.Set("idempotency_key", "k2-"+p.eventID)
		form.Set("qty."+tier[1], "1")
		if sold := pageStatus(t, p.portal, buyer, "POST", "/events/"+p.eventSlug+"/tickets", form); sold != http.StatusConflict && sold != http.StatusBadRequest {
			t.Fatalf("buying a sold-out tier answered %d", sold)
		}
	})

	t.Run("food", func(t *testing.T) {
		page := pageCall(t, p.portal, buyer, "GET", "/restaurants/"+p.restaurantSlug, nil)
		if !strings.Contains(page, "Portal Test Kitchen") || !strings.Contains(page, "Fried Catfish") || !strings.Contains(page, "$14.50") {
			t.Fatalf("restaurant page:\n%s", page)
		}
		item := regexp.MustCompile(`name="qty\.([^"]+)"`).FindStringSubmatch(page)
		if item == nil {
			t.Fatalf("no order form:\n%s", page)
		}
		done := pageCall(t, p.portal, buyer, "POST", "/restaurants/"+p.restaurantSlug+"/orders",
			url.Values{"qty." + item[1]: {"2"}, "payment": {"pay_at_pickup"}, "idempotency_key": {"k-" + p.restaurantID}})
		if !strings.Contains(done, "Thank you") || !strings.Contains(done, "Portal Test Kitchen") {
			t.Fatalf("thank-you page:\n%s", done)
		}
	})

	t.Run("my steppers life", func(t *testing.T) {
		page := pageCall(t, p.portal, buyer, "GET", "/me", nil)
		// The ticket and the food order, each listed by the service that owns it.
		if !strings.Contains(page, "Portal Test Set") || !strings.Contains(page, "Portal Test Kitchen") {
			t.Fatalf("/me:\n%s", page)
		}
	})
}

// apiCall sends a JSON request through the portal's gateway as the holder of token.
func apiCall(t *testing.T, base, token, method, path string, body any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusNotFound && bytes.Contains(raw, []byte("Nothing here")) {
		t.Skipf("%s %s is not there yet (the service is still being built): %s", method, path, raw)
	}
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

func pageDo(t *testing.T, base, token, method, path string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func pageCall(t *testing.T, base, token, method, path string, form url.Values) string {
	t.Helper()
	status, page := pageDo(t, base, token, method, path, form)
	if status >= 300 {
		t.Fatalf("%s %s: %d\n%s", method, path, status, page)
	}
	return page
}

func pageStatus(t *testing.T, base, token, method, path string, form url.Values) int {
	t.Helper()
	status, _ := pageDo(t, base, token, method, path, form)
	return status
}
