package ui

import (
	"net/http"
	"net/url"
	"strings"

	"stepperslife/internal/kit/auth"
)

// Link is one entry of the header: what it says and where it goes.
type Link struct{ Text, Href string }

// sections are the six parts of SteppersLife, each listed on the portal.
var sections = []Link{
	{"Events", "/events"}, {"Classes", "/classes"}, {"Restaurants", "/restaurants"},
	{"Store", "/store"}, {"Services", "/services"}, {"Magazine", "/magazine"},
}

// tool is an entry of the account menu: shown to holders of role ("" for everyone),
// leading to path on service ("portal" for the portal's own pages).
type tool struct{ role, text, service, path string }

// accountTools are the account menu, in order. Every service keeps its owner tools
// at /dashboard, as events and restaurants do.
var accountTools = []tool{
	{"", "My SteppersLife", "portal", "/me"},
	{"", "My tickets", "events", "/me/tickets"},
	{"", "My orders", "portal", "/me/orders"},
	{auth.RoleEventOrganizer, "Organizer dashboard", "events", "/dashboard"},
	{auth.RoleEventOrganizer, "Check-in tonight", "events", "/checkin"},
	{auth.RoleRestaurantOwner, "Restaurant dashboard", "restaurants", "/dashboard"},
	{auth.RoleStoreOwner, "Store dashboard", "store", "/dashboard"},
	{auth.RoleInstructor, "Instructor dashboard", "classes", "/dashboard"},
	{auth.RoleServiceProvider, "Provider dashboard", "services", "/dashboard"},
	{auth.RoleMagazineWriter, "Writer dashboard", "magazine", "/dashboard"},
	{auth.RoleAdmin, "Admin", "portal", "/admin"},
	{"", "Account settings", "portal", "/account"},
}

// GoPath is the portal path that sends a browser on to path at service: a page
// only knows its own address and the portal's, and the portal learns each
// service's public address from the service itself (GET /api/site).
func GoPath(service, path string) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return "/go/" + url.PathEscape(service) + path
}

// ToolURL is where a link of this page to path at service goes: the page's own
// site directly, the portal's pages at the portal, any other service through the
// portal's /go/ route.
func (v View) ToolURL(service, path string) string {
	switch service {
	case "portal":
		return v.PortalURL + path
	case v.Service:
		return path
	}
	return v.PortalURL + GoPath(service, path)
}

// Sections are the header's links to the six parts, on the portal.
func (v View) Sections() []Link {
	out := make([]Link, len(sections))
	for i, s := range sections {
		out[i] = Link{s.Text, v.PortalURL + s.Href}
	}
	return out
}

// AccountLinks are the account menu of the signed-in user: their own things, the
// tools of the roles they hold, and their settings.
func (v View) AccountLinks() []Link {
	if v.User == nil {
		return nil
	}
	var out []Link
	for _, t := range accountTools {
		if t.role == "" || v.User.Has(t.role) {
			out = append(out, Link{t.text, v.ToolURL(t.service, t.path)})
		}
	}
	return out
}

// SignInURL is the portal's sign-in page, coming back to this page afterwards.
func (v View) SignInURL() string { return v.PortalURL + auth.SignInPath + v.nextQuery() }

// RegisterURL is the portal's registration page, coming back to this page afterwards.
func (v View) RegisterURL() string { return v.PortalURL + "/register" + v.nextQuery() }

// identityPaths are the portal's sign-in pages: coming back to one of them after
// signing in would be pointless.
var identityPaths = []string{auth.SignInPath, "/register", "/reset", "/verify", "/signout"}

func (v View) nextQuery() string {
	if v.Here == "" {
		return ""
	}
	if u, err := url.Parse(v.Here); err == nil {
		for _, p := range identityPaths {
			if v.Service == "portal" && u.Path == p {
				return ""
			}
		}
	}
	return "?next=" + url.QueryEscape(v.Here)
}

// hereOf is the address of the page r shows, absolute when the service's public
// address is known (the portal's sign-in accepts our own addresses as next). A page
// answering a form shows the form's page, not the address the form posted to.
// base is the public address to use when the request carries no policy.
func hereOf(r *http.Request, base string) string {
	p, ok := auth.PolicyFromContext(r.Context())
	if ok {
		base = p.PublicURL
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return base + r.URL.RequestURI()
	}
	if ref := r.Referer(); ok && ref != "" && p.OwnOrigin(ref) {
		return ref
	}
	return base + "/"
}
