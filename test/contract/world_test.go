package contract

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// world is what the later parts share: accounts, and what they made.
type world struct {
	p *platform
	// admin was made one by `stepperslife admin grant`; owner runs a restaurant,
	// organizer an event; buyer orders and buys.
	admin, owner, organizer, buyer *person

	restaurant restaurantJSON
	event      eventJSON
	// What the buyer has: an order and tickets, for the portal's activity.
	orderID     string
	ticketCodes []string
}

// setUp makes the accounts, the first ADMIN the way an operator does, and checks the
// admin role API.
func (w *world) setUp(t *testing.T) {
	p := w.p
	admin := newPerson(t, p, "boss@example.com", "Boss")
	owner := newPerson(t, p, "chef@example.com", "Chef Owner")
	organizer := newPerson(t, p, "promoter@example.com", "Promoter")
	buyer := newPerson(t, p, "stepper@example.com", "Stepper Buyer")

	// Before the grant, admin routes refuse.
	call(t, "POST", p.portal()+"/api/admin/users/"+buyer.ID+"/roles", map[string]string{"role": "INSTRUCTOR"}, bearer(admin.Token)).
		wantError(t, http.StatusForbidden, "FORBIDDEN")
	call(t, "POST", p.portal()+"/api/admin/users/"+buyer.ID+"/roles", map[string]string{"role": "INSTRUCTOR"}).
		wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")

	out := p.operator(t, "admin", "grant", admin.Email, "ADMIN")
	if !strings.Contains(out, "ADMIN") {
		t.Errorf("admin grant said: %s", out)
	}
	operatorFails(t, p, "nobody@example.com", "admin", "grant", "nobody@example.com", "ADMIN")
	operatorFails(t, p, "ROLE", "admin", "grant", admin.Email, "EMPEROR")
	// revoke takes a role back; the next token shows it.
	p.operator(t, "admin", "grant", buyer.Email, "ADMIN")
	p.operator(t, "admin", "revoke", buyer.Email, "ADMIN")
	if r := login(t, p, browser(t), buyer.Email).User.Roles; slices.Contains(r, "ADMIN") {
		t.Errorf("after admin revoke, the buyer's roles are %v", r)
	}
	// The grant reaches the admin's next token.
	ans := login(t, p, admin.Browser, admin.Email)
	if !slices.Contains(ans.User.Roles, "ADMIN") {
		t.Fatalf("after admin grant, login roles %v", ans.User.Roles)
	}
	admin.userJSON, admin.Token = ans.User, ans.AccessToken

	t.Run("admin role API", func(t *testing.T) {
		a := call(t, "POST", p.portal()+"/api/admin/users/"+buyer.ID+"/roles", map[string]string{"role": "INSTRUCTOR"},
			bearer(admin.Token)).want(t, http.StatusOK)
		var got struct {
			User userJSON `json:"user"`
		}
		a.json(t, &got)
		if got.User.ID != buyer.ID || !slices.Contains(got.User.Roles, "INSTRUCTOR") {
			t.Errorf("grant answered %+v", got.User)
		}
		if r := login(t, p, browser(t), buyer.Email).User.Roles; !slices.Contains(r, "INSTRUCTOR") {
			t.Errorf("the buyer's next token has roles %v, want INSTRUCTOR", r)
		}
		call(t, "DELETE", p.portal()+"/api/admin/users/"+buyer.ID+"/roles/INSTRUCTOR", nil, bearer(admin.Token)).
			want(t, http.StatusOK)
		if r := login(t, p, browser(t), buyer.Email).User.Roles; slices.Contains(r, "INSTRUCTOR") {
			t.Errorf("the buyer's next token still has INSTRUCTOR after the revoke: %v", r)
		}
		call(t, "DELETE", p.portal()+"/api/admin/users/"+buyer.ID+"/roles/INSTRUCTOR", nil, bearer(buyer.Token)).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
	})

	owner.takeRole(t, p, "RESTAURANT_OWNER")
	organizer.takeRole(t, p, "EVENT_ORGANIZER")
	w.admin, w.owner, w.organizer, w.buyer = admin, owner, organizer, buyer
}

// testSingleSignOn checks that what the portal issues is accepted everywhere: its
// Bearer token and its session cookie, with the same identity at every service.
func testSingleSignOn(t *testing.T, w *world) {
	p := w.p
	for _, name := range allServices {
		t.Run(name, func(t *testing.T) {
			u := me(t, p.url(name), w.owner.Token)
			if u.ID != w.owner.ID || u.Email != w.owner.Email || !slices.Contains(u.Roles, "RESTAURANT_OWNER") {
				t.Errorf("%s sees the owner's Bearer token as %+v, want %+v", name, u, w.owner.userJSON)
			}
			a := call(t, "GET", p.url(name)+"/api/me", nil, via(w.buyer.Browser)).want(t, http.StatusOK)
			var c userJSON
			a.json(t, &c)
			if c.ID != w.buyer.ID {
				t.Errorf("%s sees the buyer's session cookie as %+v", name, c)
			}
		})
	}
	t.Run("a token signed by anyone else is no identity", func(t *testing.T) {
		for _, forged := range forgedTokens(t, p, w.owner) {
			for _, name := range allServices {
				call(t, "GET", p.url(name)+"/api/me", nil, bearer(forged)).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
			}
		}
	})
	t.Run("cookie changes at a service need the CSRF token too", func(t *testing.T) {
		call(t, "POST", p.url("restaurants")+"/api/orders", map[string]any{}, via(w.buyer.Browser)).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
		call(t, "POST", p.url("events")+"/api/tickets/purchase", map[string]any{}, via(w.buyer.Browser),
			hdr("Origin", "https://evil.example")).wantError(t, http.StatusForbidden, "FORBIDDEN")
	})
}
