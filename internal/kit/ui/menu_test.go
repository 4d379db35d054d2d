package ui

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"stepperslife/internal/kit/auth"
)

const portal = "https://stepperslife.example"

func linksOf(ls []Link) map[string]string {
	m := map[string]string{}
	for _, l := range ls {
		m[l.Text] = l.Href
	}
	return m
}

// The account menu lists everyone's own things, then only the tools of the roles
// the person holds; links to another service go through the portal's /go/ route,
// links to the page's own service stay on it.
func TestAccountMenuFollowsRoles(t *testing.T) {
	everyone := []string{"My SteppersLife", "My tickets", "My orders", "Account settings"}
	tools := map[string][]string{
		auth.RoleEventOrganizer:  {"Organizer dashboard", "Check-in tonight"},
		auth.RoleRestaurantOwner: {"Restaurant dashboard"},
		auth.RoleStoreOwner:      {"Store dashboard"},
		auth.RoleInstructor:      {"Instructor dashboard"},
		auth.RoleServiceProvider: {"Provider dashboard"},
		auth.RoleMagazineWriter:  {"Writer dashboard"},
		auth.RoleAdmin:           {"Admin"},
	}
	for role, want := range tools {
		v := View{Service: "store", PortalURL: portal, User: &auth.User{Name: "Kim", Roles: []string{auth.RoleUser, role}}}
		got := linksOf(v.AccountLinks())
		if len(got) != len(everyone)+len(want) {
			t.Errorf("%s: menu %v", role, got)
		}
		for _, w := range append(slices.Clone(everyone), want...) {
			if got[w] == "" {
				t.Errorf("%s: no %q in %v", role, w, got)
			}
		}
	}
	v := View{Service: "events", PortalURL: portal, User: &auth.User{Roles: []string{auth.RoleEventOrganizer, auth.RoleRestaurantOwner, auth.RoleAdmin}}}
	got := linksOf(v.AccountLinks())
	for text, href := range map[string]string{
		"Organizer dashboard":  "/dashboard", // on events itself
		"Check-in tonight":     "/checkin",
		"Restaurant dashboard": portal + "/go/restaurants/dashboard",
		"My SteppersLife":      portal + "/me",
		"Admin":                portal + "/admin",
		"Account settings":     portal + "/account",
	} {
		if got[text] != href {
			t.Errorf("%s: %q, want %q", text, got[text], href)
		}
	}
	if (View{PortalURL: portal}).AccountLinks() != nil {
		t.Error("a signed-out page has an account menu")
	}
}

// The header's sign-in link comes back to the page (at the service's public
// address); on the portal's own sign-in pages it carries no next.
func TestSignInLinkComesBackHere(t *testing.T) {
	fsys := fstest.MapFS{"p.html": {Data: []byte(`{{define "content"}}{{end}}`)}}
	tpl, err := Parse(fsys, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		service, path, want string
	}{
		{"events", "/events/ball?x=1", `href="` + portal + `/signin?next=https%3a%2f%2fevents.example%2fevents%2fball%3fx%3d1"`},
		{"portal", "/signin?next=/me", `href="` + portal + `/signin"`},
	} {
		page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			tpl.Render(w, r, 200, "p.html", View{Service: c.service, PortalURL: portal})
		})
		w := httptest.NewRecorder()
		auth.Protect(auth.Policy{PortalURL: portal, PublicURL: "https://events.example"}, auth.Anonymous{}, page).
			ServeHTTP(w, httptest.NewRequest("GET", c.path, nil))
		if body := strings.ToLower(w.Body.String()); !strings.Contains(body, strings.ToLower(c.want)) {
			t.Errorf("%s %s: no %s in\n%s", c.service, c.path, c.want, body)
		}
	}
}
