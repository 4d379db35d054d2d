package host

import (
	"net/http"
	"net/url"
	"strings"

	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// SitePath is where every service tells its public address (GET): the portal's
// /go/{service}/… links read it once to send browsers on to the service's pages.
const SitePath = "/api/site"

// SiteInfo is the answer of SitePath.
type SiteInfo struct {
	Service   string `json:"service"`
	PublicURL string `json:"publicUrl"`
}

// siteOf is where the service of d lives, for the kit's pages.
func siteOf(d *Deps) ui.Site {
	return ui.Site{Service: d.Config.Name, PortalURL: d.Config.NextAuthURL,
		PublicURL: strings.TrimRight(d.Config.PublicURL, "/")}
}

func siteInfo(d *Deps) http.HandlerFunc {
	info := SiteInfo{Service: d.Config.Name, PublicURL: strings.TrimRight(d.Config.PublicURL, "/")}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		web.WriteJSON(w, http.StatusOK, info)
	}
}

// comingSoon is what each section that is not open yet will be, and whom it
// invites, on its home page.
var comingSoon = map[string]ui.Soon{
	"store": {Heading: "The SteppersLife Store is coming soon",
		What: "Shoes, apparel and gear from the community's own vendors, in one place.",
		Ask:  "Sell steppin shoes, apparel or gear?",
		Invite: "Take the store owner role on your account now: your store dashboard is in your menu, " +
			"ready for your shop the day the store opens."},
	"classes": {Heading: "Classes are coming soon",
		What: "Steppin classes and workshops across Chicago, from first steps to advanced patterns.",
		Ask:  "Teach steppin?",
		Invite: "Take the instructor role on your account now: your instructor dashboard is in your menu, " +
			"ready for your classes the day this section opens."},
	"services": {Heading: "Services are coming soon",
		What: "DJs, photographers, venues and caterers for your next set, party or ball.",
		Ask:  "Offer a service to the community?",
		Invite: "Take the service provider role on your account now: your provider dashboard is in your menu, " +
			"ready for your listing the day this section opens."},
	"magazine": {Heading: "The SteppersLife Magazine is coming soon",
		What: "News, interviews and the history of steppin, written by the community.",
		Ask:  "Write about steppin?",
		Invite: "Take the magazine writer role on your account now: your writer dashboard is in your menu, " +
			"ready for your first story the day the magazine opens."},
}

// mountDefaultPages gives a service that has no home page of its own yet (the
// shells) one that says what is coming, and the same page at /dashboard, where the
// account menu sends the section's owners; a browser never lands on an error at a
// section's front door.
func mountDefaultPages(d *Deps) {
	if routed(d.Mux, "/") {
		return
	}
	soon, ok := comingSoon[d.Config.Name]
	if !ok {
		soon = ui.Soon{Heading: "This part of SteppersLife is coming soon"}
	}
	page := ui.ComingSoon(siteOf(d), soon)
	d.Mux.HandleFunc("GET /{$}", page)
	if !routed(d.Mux, "/dashboard") {
		d.Mux.HandleFunc("GET /dashboard", page)
	}
}

// routed reports whether mux has a route for GET path.
func routed(mux *http.ServeMux, path string) bool {
	_, pattern := mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}, Host: "localhost"})
	return pattern != ""
}
