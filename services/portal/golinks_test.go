package portal_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/host"
)

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// A portal whose events service runs (a shell will do: every service tells its
// public address the same way), whose restaurants service is down, and whose store
// service names an address that is not ours.
func goLinksPlatform(t *testing.T) (p *server, eventsPublic string) {
	t.Helper()
	evLn, evURL := listen(t)
	// The portal reaches events at its listening address; browsers at another one.
	eventsPublic = "http://localhost:" + evURL[strings.LastIndex(evURL, ":")+1:]
	serve(t, host.Shell("events"), evLn, map[string]string{"PUBLIC_URL": eventsPublic})
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(host.SiteInfo{Service: "store", PublicURL: "https://evil.example"})
	}))
	t.Cleanup(foreign.Close)
	deadLn, deadURL := listen(t)
	deadLn.Close()
	return startPortal(t, map[string]string{"EVENTS_URL": evURL, "RESTAURANTS_URL": deadURL, "STORE_URL": foreign.URL}), eventsPublic
}

// /go/{service}/{path} sends browsers to the service's public address (as the
// service tells it), keeping the path and the query.
func TestGoLinksRedirectToTheServicesPublicAddress(t *testing.T) {
	p, eventsPublic := goLinksPlatform(t)
	c := newClient(t, p.URL)
	for path, want := range map[string]string{
		"/go/events/dashboard":          eventsPublic + "/dashboard",
		"/go/events/me/tickets?tab=new": eventsPublic + "/me/tickets?tab=new",
		"/go/events/checkin/a%2Fb":      eventsPublic + "/checkin/a%2Fb",
		"/go/events":                    eventsPublic + "/",
		"/go/events/":                   eventsPublic + "/",
	} {
		for range 2 { // asked once, then known
			a := c.do("GET", path, nil, map[string]string{"Accept": browserAccept})
			if a.Status != http.StatusFound || a.Header.Get("Location") != want {
				t.Errorf("GET %s: %d %q, want %q", path, a.Status, a.Header.Get("Location"), want)
			}
		}
	}
}

// A service that does not answer gets the branded 503 page (JSON for API
// clients); an unknown service the 404 page; a service naming an address that is not
// ours sends nobody there.
func TestGoLinksRefuseWhatTheyCannotReach(t *testing.T) {
	p, _ := goLinksPlatform(t)
	c := newClient(t, p.URL)
	for path, want := range map[string]struct {
		status  int
		heading string
	}{
		"/go/restaurants/dashboard": {503, "This part of SteppersLife is taking a break"},
		"/go/store/dashboard":       {503, "This part of SteppersLife is taking a break"},
		"/go/nowhere/dashboard":     {404, "We could not find that page"},
	} {
		page := c.do("GET", path, nil, map[string]string{"Accept": browserAccept})
		if page.Status != want.status || page.Header.Get("Location") != "" || !strings.Contains(page.Raw, want.heading) ||
			!strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") || strings.Contains(page.Raw, "evil.example") {
			t.Errorf("browser GET %s: %d %q %s", path, page.Status, page.Header.Get("Location"), page.Raw)
		}
		api := c.do("GET", path, nil, nil)
		if api.Status != want.status || str(api.Body, "code") == "" {
			t.Errorf("API GET %s: %d %s", path, api.Status, api.Raw)
		}
	}
}
