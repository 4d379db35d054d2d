package restaurants_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/proctest"
	"stepperslife/services/restaurants/resttest"
)

// portalProcess is the real portal, run as its own process (services never import
// one another, tests included).
type portalProcess struct {
	*proctest.Proc
}

// startPortal runs `stepperslife serve portal` on port, knowing restaurants there.
func startPortal(t *testing.T, port int, restaurantsURL string) portalProcess {
	t.Helper()
	return portalProcess{proctest.StartPortal(t, port, map[string]string{"restaurants": restaurantsURL})}
}

// call sends JSON to the portal with an optional bearer token and decodes the answer.
func (p portalProcess) call(t *testing.T, method, path, token string, body any, want int) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, p.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != want {
		t.Fatalf("portal %s %s: %d %v", method, path, res.StatusCode, out)
	}
	return out
}

// account registers someone at the portal and returns a fresh access token.
func (p portalProcess) account(t *testing.T, email, name string, roles ...string) string {
	t.Helper()
	p.call(t, "POST", "/api/auth/register", "", map[string]string{"email": email, "password": "steppin-all-night", "name": name}, 201)
	tok := p.call(t, "POST", "/api/auth/login", "", map[string]string{"email": email, "password": "steppin-all-night"}, 200)["accessToken"].(string)
	for _, role := range roles {
		tok = p.call(t, "POST", "/api/me/roles", tok, map[string]string{"role": role}, 200)["accessToken"].(string)
	}
	return tok
}

// grantAdmin runs `stepperslife admin grant EMAIL ADMIN`, how the first admin is made.
func (p portalProcess) grantAdmin(t *testing.T, email string) {
	t.Helper()
	proctest.Grant(t, p.Proc, email, "ADMIN")
}

// TestBrowserOwnerDashboardWithPortalSignIn is the dashboard journey with real
// identity: the owner signs in once at the portal in Chromium, and the restaurants
// service verifies the portal's session token with the portal's published keys.
func TestBrowserOwnerDashboardWithPortalSignIn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the portal")
	}
	b := newBrowser(t)
	portalPort := proctest.FreePort(t)
	e := resttest.Start(t, resttest.Options{PortalURL: fmt.Sprintf("http://127.0.0.1:%d", portalPort)})
	p := startPortal(t, portalPort, e.URL)

	owner := p.account(t, "rita@example.com", "Rita", "RESTAURANT_OWNER")
	customer := p.account(t, "cal@example.com", "Cal")
	p.account(t, "ada@example.com", "Ada")
	p.grantAdmin(t, "ada@example.com")
	admin := p.call(t, "POST", "/api/auth/login", "", map[string]string{"email": "ada@example.com", "password": "steppin-all-night"}, 200)["accessToken"].(string)
	bearer := func(tok string) []string { return []string{"Authorization", "Bearer " + tok} }

	s := shop{}
	r := e.Must(201, "POST", "/api/restaurants", nil, map[string]any{"name": "Rita's Kitchen", "cuisine": "Soul food",
		"address": "2 E 75th St, Chicago"}, bearer(owner)...).Map(t)
	s.ID, s.Slug = r["id"].(string), r["slug"].(string)
	e.Must(403, "POST", "/api/admin/restaurants/"+s.ID+"/approve", nil, nil, bearer(owner)...)
	e.Must(200, "POST", "/api/admin/restaurants/"+s.ID+"/approve", nil, nil, bearer(admin)...)
	e.Must(200, "PUT", "/api/restaurants/"+s.ID+"/hours", nil, map[string]any{"hours": allWeek}, bearer(owner)...)
	s.Wings = e.Must(201, "POST", "/api/restaurants/"+s.ID+"/menu/items", nil, map[string]any{
		"name": "Wings", "priceCents": 1299, "category": "Mains"}, bearer(owner)...).Map(t)["id"].(string)

	// Sign in once, at the portal.
	b.run(chromedp.Navigate(p.URL+"/signin?next=%2Faccount"),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "rita@example.com"),
		chromedp.SendKeys("#password", "steppin-all-night"),
		chromedp.Click("#signin-submit"),
		chromedp.WaitVisible("#profile-h"))

	id := ownerRunsTheDashboard(t, b, e, s, func() map[string]any {
		return e.Must(201, "POST", "/api/orders", nil, s.order("pay_at_pickup", s.Wings, 1), bearer(customer)...).Map(t)
	})
	if got := e.Must(200, "GET", "/api/orders/"+id, nil, nil, bearer(customer)...).Map(t)["status"]; got != "READY_FOR_PICKUP" {
		t.Fatalf("order status %v", got)
	}
}
