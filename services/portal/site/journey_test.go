package site

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/browsertest"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
)

// TestBrowserWholeJourney is issue 6's whole journey, in a real Chromium against the
// real portal process in front of the real events and restaurants processes. An
// organizer registers on the portal's page, takes the organizer role with the
// button on their account page, and — signed in once, on the portal — creates,
// gives a tier to and publishes an event with the forms of the events service's
// own dashboard, on its own port. Another person, in a browser context of their
// own, registers, finds the event with the portal's search, buys tickets and orders
// food on the portal's pages, and sees both under My SteppersLife; the organizer's
// dashboard then counts the tickets sold. The restaurant is seeded through the
// restaurants API by its owner and approved by an admin made with
// `stepperslife admin grant`.
func TestBrowserWholeJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	p := newPlatform(t)
	p.seedRestaurant(t, p.account(t, "chef@example.com", auth.RoleRestaurantOwner), p.admin(t, "admin@example.com"))

	const title, tier = "Saturday Steppers Set", "General admission"
	org := newBrowser(t)

	// The organizer registers on the portal and lands on their account page.
	register(org, p.portal, "Olivia Organizer", "olivia@example.com")

	// The role button on the account page; the page comes back with the role.
	org.run(chromedp.Click(css(`form[action="/account/roles"]:has(input[value="`+auth.RoleEventOrganizer+`"]) button`)),
		chromedp.WaitVisible(css(`.flash`)))
	if roles := org.text(`ul.roles`); !strings.Contains(roles, "Event organizer") {
		t.Fatalf("roles after taking the organizer role: %q", roles)
	}

	// The events service's dashboard, on its own port, knows the organizer from the
	// portal's session: no second sign-in.
	org.run(chromedp.Navigate(p.events+"/dashboard"), chromedp.WaitVisible(css(`#new-event`)))
	if who := org.text(`.who`); !strings.Contains(who, "Olivia Organizer") {
		t.Fatalf("the events service does not know the organizer: %q", who)
	}

	// A new event, a week ahead (Chicago time, as the form asks).
	starts := time.Now().In(chicago).Add(7 * 24 * time.Hour).Truncate(time.Hour)
	const local = "2006-01-02T15:04"
	org.run(chromedp.SendKeys(css(`#new-event input[name="title"]`), title),
		chromedp.SetValue(css(`#new-event select[name="category"]`), "SET"),
		chromedp.SendKeys(css(`#new-event input[name="venue"]`), "The Grand Ballroom"),
		chromedp.SendKeys(css(`#new-event input[name="address"]`), "6351 S Cottage Grove Ave, Chicago"),
		chromedp.SetValue(css(`#new-event input[name="startsAt"]`), starts.Format(local)),
		chromedp.SetValue(css(`#new-event input[name="endsAt"]`), starts.Add(5*time.Hour).Format(local)),
		chromedp.SendKeys(css(`#new-event textarea[name="description"]`), "Steppin till the lights come up."),
		chromedp.Click(css(`#new-event button[type="submit"]`)), chromedp.WaitVisible(css(`#add-tier`)))
	if h := org.text(`h1`); h != title {
		t.Fatalf("the new event's page is headed %q", h)
	}

	// A free tier, then publish.
	org.run(chromedp.SendKeys(css(`#add-tier input[name="name"]`), tier),
		chromedp.SetValue(css(`#add-tier input[name="price"]`), "0"),
		chromedp.SetValue(css(`#add-tier input[name="capacity"]`), "50"),
		chromedp.Click(css(`#add-tier button[type="submit"]`)), chromedp.WaitVisible(css(`li[data-tier="`+tier+`"]`)))
	// Publishing is on the event's dashboard, the first of its tabs.
	dashboard, err := chromedp.Run(org.ctx, chromedp.Evaluate[string](`document.querySelector('.tabs li:first-child a').href`))
	if err != nil {
		t.Fatal(err)
	}
	org.run(chromedp.Navigate(dashboard), chromedp.Click(css(`#publish`)),
		chromedp.WaitVisible(css(`#event-status[data-status="PUBLISHED"]`)))
	public := org.attr(`a.button[href^="/events/"]`, "href") // the event's public page: /events/{slug}

	// Someone else, on their own device: registers on the portal too.
	buyer := org.incognito()
	register(buyer, p.portal, "Bea Buyer", "bea@example.com")

	// Finds the event with the portal's search and buys two tickets on the portal.
	buyer.run(chromedp.Navigate(p.portal+"/"), chromedp.WaitVisible(css(`#q`)),
		chromedp.SendKeys(css(`#q`), "Saturday Steppers"), chromedp.Click(css(`form.search button[type="submit"]`)),
		// The result count follows the search box only on the results page (the
		// home page may list the event too, so its link proves nothing).
		chromedp.WaitVisible(css(`form.search + p[role="status"]`)))
	if where := buyer.location(); !strings.HasPrefix(where, p.portal+"/search?") {
		t.Fatalf("searching led to %s", where)
	}
	buyer.until(`section[aria-labelledby="sec-events"]`, title)
	buyer.run(chromedp.Click(css(`a[href="`+public+`"]`)), chromedp.WaitVisible(css(`form.buy`)))
	if where := buyer.location(); where != p.portal+public {
		t.Fatalf("the search result led to %s, not the portal's event page", where)
	}
	buyer.run(chromedp.SetValue(css(`form.buy select`), "2"),
		chromedp.Click(css(`form.buy button[type="submit"]`)), chromedp.WaitVisible(css(`.qrs`)))
	if s := buyer.text("main"); !strings.Contains(s, "You're going!") || !strings.Contains(s, title) || strings.Count(s, "Valid") != 2 {
		t.Fatalf("after buying: %q", s)
	}

	// Orders food on the portal.
	buyer.run(chromedp.Navigate(p.portal + "/restaurants"))
	buyer.until(`main`, "Portal Test Kitchen")
	buyer.run(chromedp.Click(css(`a[href="/restaurants/`+p.restaurantSlug+`"]`)), chromedp.WaitVisible(css(`form.order`)),
		chromedp.SetValue(css(`form.order select`), "1"),
		chromedp.Click(css(`form.order button[type="submit"]`)), chromedp.WaitVisible(css(`#tracker`)))
	if s := buyer.text("main"); !strings.Contains(s, "Thank you") || !strings.Contains(s, "Portal Test Kitchen") {
		t.Fatalf("after ordering: %q", s)
	}

	// My SteppersLife: each under the service that owns it, gathered live.
	buyer.run(chromedp.Navigate(p.portal + "/me"))
	buyer.until(`section[aria-labelledby="sec-events"]`, title)
	buyer.until(`section[aria-labelledby="sec-restaurants"]`, "Portal Test Kitchen")

	// The organizer's dashboard counts the two tickets the portal sold and lists the
	// buyer among the attendees.
	org.run(chromedp.Navigate(dashboard), chromedp.WaitVisible(css(`tr[data-tier="`+tier+`"]`)))
	sold, err := chromedp.Run(org.ctx, chromedp.Evaluate[string](
		`document.querySelector('tr[data-tier="`+tier+`"] td').textContent.trim()`))
	if err != nil || sold != "2 / 50" {
		t.Fatalf("the dashboard shows %q tickets sold (%v)", sold, err)
	}
	org.run(chromedp.Navigate(dashboard+"/attendees"), chromedp.WaitVisible(css(`main`)))
	if s := org.text("main"); !strings.Contains(s, "bea@example.com") {
		t.Fatalf("the buyer is not among the attendees: %q", s)
	}
}

// register creates an account on the portal's registration page, which asks to
// check the e-mail, and signs in from there to the account page.
func register(b tab, portal, name, email string) {
	b.t.Helper()
	b.run(chromedp.Navigate(portal+"/register?next=%2Faccount"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#name`), name), chromedp.SendKeys(css(`#email`), email), chromedp.SendKeys(css(`#password`), password),
		chromedp.Click(css(`form[action="/register"] button[type="submit"]`)), chromedp.WaitVisible(css(`#check-email`)),
		chromedp.Click(css(`a[href^="/signin"].button`)), chromedp.WaitVisible(css(`#signin-submit`)),
		chromedp.SendKeys(css(`#email`), email), chromedp.SendKeys(css(`#password`), password),
		chromedp.Click(css(`#signin-submit`)), chromedp.WaitVisible(css(`#profile-h`)))
	if s := b.text(`#profile-h + p`); !strings.Contains(s, email) {
		b.t.Fatalf("account page after registering: %q", s)
	}
}

func identityCall(t *testing.T, base, token, path string, body any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("POST %s: %d %s", path, resp.StatusCode, raw)
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

func login(t *testing.T, base, email, password string) string {
	t.Helper()
	tok, _ := identityCall(t, base, "", "/api/auth/login", map[string]string{"email": email, "password": password})["accessToken"].(string)
	if tok == "" {
		t.Fatalf("no access token for %s", email)
	}
	return tok
}
