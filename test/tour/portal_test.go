package tour

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/proctest"
)

// tourPassword is every portal account's password.
const tourPassword = "steppin-all-night"

// portalWorld is the real portal process in front of the tour's services, with
// accounts that sign in on its pages.
type portalWorld struct {
	proc *proctest.Proc
	URL  string
}

// portalAddress picks the portal's port before anything starts: the services need
// its address to verify its tokens, and it needs theirs.
func portalAddress(t *testing.T) (int, string) {
	t.Helper()
	port := proctest.FreePort(t)
	return port, fmt.Sprintf("http://127.0.0.1:%d", port)
}

// account registers a portal account, grants it roles the way an operator does, and
// returns the person as the services know them (the portal's id and e-mail).
func (p *portalWorld) account(t *testing.T, email, name string, roles ...string) *auth.User {
	t.Helper()
	p.post(t, "/api/auth/register", map[string]string{"email": email, "password": tourPassword, "name": name}, http.StatusCreated)
	for _, role := range roles {
		proctest.Grant(t, p.proc, email, role)
	}
	var in struct {
		User auth.User `json:"user"`
	}
	if err := json.Unmarshal(p.post(t, "/api/auth/login", map[string]string{"email": email, "password": tourPassword}, http.StatusOK), &in); err != nil || in.User.ID == "" {
		t.Fatalf("signing %s in: %v", email, err)
	}
	return &in.User
}

func (p *portalWorld) post(t *testing.T, path string, body any, want int) []byte {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(p.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(res.Body)
	if res.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d: %s", path, res.StatusCode, want, out.String())
	}
	return out.Bytes()
}

// person signs u in on the portal's sign-in page; the session cookie it sets serves
// every service on 127.0.0.1, which accept the portal's tokens.
func (p *portalWorld) person(name string, u *auth.User) browsertest.Person {
	return browsertest.Person{Name: name, SignIn: func(ctx context.Context) error {
		// Waiting for the form to go, not for a new location, which races the navigation.
		return chromedp.Do(ctx, chromedp.Navigate(p.URL+"/signin"), chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), u.Email), chromedp.SendKeys(chromedp.CSS("#password"), tourPassword),
			chromedp.Click(chromedp.CSS("#signin-submit")), chromedp.WaitNotPresent(chromedp.CSS("#signin-submit")))
	}}
}

// stops are the portal's pages, anonymous and signed in, and the services' admin
// pages as the admin signed in at the portal sees them; userID is a person for the
// admin to look at.
func (p *portalWorld) stops(anyone, dancer, newcomer, admin browsertest.Person, ev *eventsWorld, rs *restaurantsWorld,
	st *storeWorld, cl *classesWorld, userID string) []browsertest.Stop {
	portal := p.URL
	event, restaurant := portal+"/events/"+ev.paid.Slug, portal+"/restaurants/"+rs.openSlug
	return []browsertest.Stop{
		{Who: anyone, URL: portal + "/", Name: "portal home"},
		{Who: anyone, URL: portal + "/events", Name: "portal events"},
		{Who: anyone, URL: portal + "/events?category=SOCIAL&free=1", Name: "portal events, free socials"},
		{Who: anyone, URL: portal + "/events?when=tonight&category=BALL", Name: "portal events, none tonight"},
		{Who: anyone, URL: event, Name: "portal event page"},
		{Who: anyone, URL: portal + "/events/no-such-night", Status: 404, Name: "portal missing event"},
		{Who: anyone, URL: event + "/tickets", Status: 405, Name: "portal a form's address opened"},
		{Who: anyone, URL: portal + "/restaurants", Name: "portal restaurants"},
		{Who: anyone, URL: restaurant, Name: "portal restaurant page"},
		{Who: anyone, URL: portal + "/store", Name: "portal store"},
		{Who: anyone, URL: portal + "/store/products/" + st.shoes.Slug, Name: "portal store product in sizes"},
		{Who: anyone, URL: portal + "/store/products/" + st.hat.Slug, Name: "portal store sold-out product"},
		{Who: anyone, URL: portal + "/store/products/no-such-thing", Status: 404, Name: "portal store missing product"},
		{Who: anyone, URL: portal + "/store/vendors/" + st.vendor.Slug, Name: "portal store shop"},
		{Who: anyone, URL: portal + "/store/cart", Name: "portal cart, empty"},
		{Who: anyone, URL: portal + "/classes", Name: "portal classes"},
		{Who: anyone, URL: portal + "/classes/" + cl.free.Slug, Name: "portal a full class, signed out"},
		{Who: anyone, URL: portal + "/classes/" + cl.paid.Slug, Name: "portal a paid class, signed out"},
		{Who: anyone, URL: portal + "/classes/no-such-class", Status: 404, Name: "portal missing class"},
		{Who: anyone, URL: portal + "/instructors/" + cl.teacher.Slug, Name: "portal instructor page"},
		{Who: anyone, URL: portal + "/me/classes", Name: "portal my classes, signed out"},
		{Who: anyone, URL: portal + "/magazine", Name: "portal magazine"},
		{Who: anyone, URL: portal + "/services", Name: "portal services"},
		{Who: anyone, URL: portal + "/search?q=tour", Name: "portal search"},
		{Who: anyone, URL: portal + "/search?q=zzqx", Name: "portal search, nothing found"},
		{Who: anyone, URL: portal + "/no-such-page", Status: 404, Name: "portal page not found"},
		{Who: anyone, URL: portal + "/signin", Name: "portal sign-in"},
		{Who: anyone, URL: portal + "/signin", Name: "portal sign-in, a wrong password", Then: wrongPassword},
		{Who: anyone, URL: portal + "/register", Name: "portal register"},
		{Who: anyone, URL: portal + "/register", Name: "portal register, nothing filled in", Then: sendEmpty("/register")},
		{Who: anyone, URL: portal + "/reset", Name: "portal reset password"},
		{Who: anyone, URL: portal + "/reset?token=from-an-email", Name: "portal new password"},
		{Who: anyone, URL: portal + "/verify?token=long-expired", Name: "portal confirm e-mail"},
		{Who: anyone, URL: portal + "/verify?token=long-expired", Name: "portal confirm e-mail, a stale link", Then: sendEmpty("/verify")},
		{Who: anyone, URL: portal + "/me", Name: "portal mine, signed out"},
		{Who: dancer, URL: portal + "/", Name: "portal home"},
		{Who: dancer, URL: portal + "/me", Name: "portal mine"},
		{Who: dancer, URL: portal + "/me/tickets", Ready: "#upcoming", Name: "portal my tickets"},
		{Who: dancer, URL: portal + "/me/orders", Ready: "#current", Name: "portal my orders"},
		{Who: dancer, URL: portal + "/account", Name: "portal account"},
		{Who: dancer, URL: event, Name: "portal event page"},
		{Who: dancer, URL: restaurant, Name: "portal restaurant page"},
		{Who: dancer, URL: portal + "/events/" + ev.free.Slug, Name: "portal tickets bought", Then: acts{
			chromedp.SetValue(chromedp.CSS(`select[name="qty.`+ev.free.Tiers[0].ID+`"]`), "1"),
			chromedp.Click(chromedp.CSS(`form.buy button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`.confirm-head`))}},
		{Who: dancer, URL: portal + "/events/" + ev.free.Slug, Name: "portal buying no tickets", Then: acts{
			chromedp.Click(chromedp.CSS(`form.buy button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`[role=alert]`))}},
		{Who: dancer, URL: restaurant, Name: "portal food ordered", Then: acts{
			chromedp.SetValue(chromedp.CSS(`select[name="qty.`+rs.wings+`"]`), "1"),
			chromedp.Click(chromedp.CSS(`form.order button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#tracker`))}},
		{Who: dancer, URL: restaurant, Name: "portal ordering no food", Then: acts{
			chromedp.Click(chromedp.CSS(`form.order button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`[role=alert]`))}},
		{Who: dancer, URL: portal + "/store/products/" + st.shoes.Slug, Name: "portal store, added to the cart", Then: acts{
			chromedp.Click(chromedp.CSS(`form.add button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`form.checkout`))}},
		{Who: dancer, URL: portal + "/store/cart", Name: "portal store order placed", Then: acts{
			chromedp.Click(chromedp.CSS(`form.checkout button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`ul.placed`))}},
		{Who: dancer, URL: portal + "/me/store-orders", Ready: "#current", Name: "portal my store orders"},
		{Who: dancer, URL: portal + "/classes/" + cl.paid.Slug, Name: "portal a paid class"},
		{Who: dancer, URL: portal + "/classes/" + cl.paid.Slug, Name: "portal enrolling twice", Then: acts{
			chromedp.Click(chromedp.CSS(`#enrol-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`[role=alert]`))}},
		{Who: dancer, URL: portal + "/classes/" + cl.free.Slug, Name: "portal joining a waitlist", Then: acts{
			chromedp.Click(chromedp.CSS(`#enrol-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#position`))}},
		{Who: dancer, URL: portal + "/me/classes", Ready: "#waiting", Name: "portal my classes"},
		// Leaving the line again, so that the next viewport's visit joins it anew.
		{Who: dancer, URL: portal + "/me/classes", Ready: "#waiting", Name: "portal leaving a waitlist", Then: acts{
			chromedp.Click(chromedp.CSS(`section[aria-labelledby="waiting"] form.cancel button`)),
			chromedp.WaitVisible(chromedp.CSS(`.flash`))}},
		{Who: dancer, URL: portal + "/search?q=tour", Name: "portal search"},
		{Who: dancer, URL: portal + "/admin", Status: 403, Name: "portal admin without the role"},
		// The services' own pages know the person signed in at the portal.
		{Who: dancer, URL: ev.s.URL + "/me/tickets", Ready: "li.card", Name: "events my tickets"},
		{Who: dancer, URL: portal + "/signout", Name: "portal sign out"},
		{Who: newcomer, URL: portal + "/me", Name: "portal mine, nothing yet"},
		{Who: newcomer, URL: portal + "/me/tickets", Name: "portal my tickets, none yet"},
		{Who: newcomer, URL: portal + "/me/orders", Name: "portal my orders, none yet"},
		{Who: newcomer, URL: portal + "/me/store-orders", Name: "portal my store orders, none yet"},
		{Who: newcomer, URL: portal + "/me/classes", Name: "portal my classes, none yet"},
		{Who: newcomer, URL: portal + "/account", Name: "portal account, not verified"},
		{Who: admin, URL: portal + "/admin", Name: "portal admin desk"},
		{Who: admin, URL: portal + "/admin/users", Name: "portal users"},
		{Who: admin, URL: portal + "/admin/users?q=dee", Name: "portal users, one found"},
		{Who: admin, URL: portal + "/admin/users/" + userID, Name: "portal a user"},
		{Who: admin, URL: ev.s.URL + "/admin", Name: "events admin"},
		{Who: admin, URL: ev.s.URL + "/admin/orders/" + ev.cashOrder.ID, Name: "events admin order"},
		{Who: admin, URL: rs.e.URL + "/admin", Name: "restaurants admin"},
		{Who: admin, URL: rs.e.URL + "/admin/restaurants/" + rs.waiting, Name: "restaurants admin, an application"},
		{Who: admin, URL: rs.e.URL + "/admin/restaurants/" + rs.open, Name: "restaurants admin, an open restaurant"},
		{Who: admin, URL: st.s.URL + "/admin", Name: "store admin"},
		{Who: admin, URL: st.s.URL + "/admin/payments", Name: "store admin, failed payments"},
		{Who: admin, URL: st.s.URL + "/admin/vendors/" + st.applicationID, Name: "store admin, an application"},
		{Who: admin, URL: st.s.URL + "/admin/vendors/" + st.vendor.ID, Name: "store admin, an open shop"},
		{Who: admin, URL: cl.s.URL + "/admin", Name: "classes admin"},
	}
}

// wrongPassword sends the sign-in form with a password that is not the account's.
var wrongPassword = acts{chromedp.SendKeys(chromedp.CSS("#email"), "dee@example.com"),
	chromedp.SendKeys(chromedp.CSS("#password"), "not-my-password"), chromedp.Click(chromedp.CSS("#signin-submit")),
	chromedp.WaitVisible(chromedp.CSS(`[role=alert]`))}

// sendEmpty sends the form posting to action as it is and waits for its refusal.
func sendEmpty(action string) acts {
	return acts{chromedp.Click(chromedp.CSS(`main form[action="` + action + `"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role=alert]`))}
}
