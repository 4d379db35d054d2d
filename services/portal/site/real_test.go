package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/proctest"
)

// platform is the real portal process (identity, pages, aggregator and gateway) in
// front of the real events and restaurants processes, each its own process, with
// one published event and one approved restaurant once seeded.
type platform struct {
	portal                       string // the portal's address, its NEXTAUTH_URL
	events                       string // the events service's own address
	portalProc                   *proctest.Proc
	buyer                        string // a signed-in customer's session token
	eventID, eventSlug           string
	restaurantID, restaurantSlug string
}

// password is every test account's password.
const password = "steppin-all-night"

func startPlatform(t *testing.T, seats int) *platform {
	t.Helper()
	p := newPlatform(t)
	p.buyer = p.account(t, "buyer@example.com")
	p.seedEvent(t, seats, p.account(t, "org@example.com", auth.RoleEventOrganizer))
	p.seedRestaurant(t, p.account(t, "chef@example.com", auth.RoleRestaurantOwner), p.admin(t, "admin@example.com"))
	return p
}

// newPlatform starts the events and restaurants services and the portal, which
// reaches them at their addresses; the services find the portal's keys and sign-in
// page at the portal's address. The other four services are absent.
func newPlatform(t *testing.T) *platform {
	t.Helper()
	ports := proctest.FreePorts(t, 3)
	portalURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	env := map[string]string{"NEXTAUTH_URL": portalURL}
	events := proctest.StartWith(t, "events", ports[1], env)
	restaurants := proctest.StartWith(t, "restaurants", ports[2], env)
	portal := proctest.StartPortal(t, ports[0], map[string]string{"events": events.URL, "restaurants": restaurants.URL})
	return &platform{portal: portal.URL, events: events.URL, portalProc: portal}
}

// account registers email on the portal, takes the owner roles given, and returns
// a session token that carries them.
func (p *platform) account(t *testing.T, email string, roles ...string) string {
	t.Helper()
	identityCall(t, p.portal, "", "/api/auth/register", map[string]string{"email": email, "password": password, "name": "Test Stepper"})
	tok := login(t, p.portal, email, password)
	for _, role := range roles {
		tok, _ = identityCall(t, p.portal, tok, "/api/me/roles", map[string]string{"role": role})["accessToken"].(string)
		if tok == "" {
			t.Fatalf("no access token with %s", role)
		}
	}
	return tok
}

// admin registers email and makes it an ADMIN the way an operator does, with
// `stepperslife admin grant`; the next sign-in carries the role.
func (p *platform) admin(t *testing.T, email string) string {
	t.Helper()
	p.account(t, email)
	proctest.Grant(t, p.portalProc, email, auth.RoleAdmin)
	return login(t, p.portal, email, password)
}

// seedEvent publishes an event with one free tier of seats through the portal's
// gateway, as its organizer.
func (p *platform) seedEvent(t *testing.T, seats int, organizer string) {
	t.Helper()
	starts := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	ev := apiCall(t, p.portal, organizer, "POST", "/api/events/events", map[string]any{
		"title": "Portal Test Set", "description": "A night of steppin.", "category": "SET",
		"venue": "The Ballroom", "address": "1 Main St, Chicago", "startsAt": starts, "endsAt": starts.Add(4 * time.Hour)})
	p.eventID, p.eventSlug = ev["id"].(string), ev["slug"].(string)
	apiCall(t, p.portal, organizer, "POST", "/api/events/events/"+p.eventID+"/tiers",
		map[string]any{"name": "Free entry", "priceCents": 0, "capacity": seats})
	apiCall(t, p.portal, organizer, "POST", "/api/events/events/"+p.eventID+"/publish", map[string]any{})
}

// seedRestaurant opens a restaurant, open all week, with one dish, through the
// portal's gateway, as its owner and an admin who approves it.
func (p *platform) seedRestaurant(t *testing.T, owner, admin string) {
	t.Helper()
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
		codes := regexp.MustCompile(`<li data-code="([^"]+)">`).FindAllStringSubmatch(done, -1)
		if len(codes) != 2 {
			t.Fatalf("want 2 ticket codes on the confirmation:\n%s", done)
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
