package portal_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
)

// hiddenNext is the next a sign-in, register or sign-out page carries in its form.
func hiddenNext(t *testing.T, page answer) string {
	t.Helper()
	const field = `name="next" value="`
	main := page.Raw[max(strings.Index(page.Raw, "<main"), 0):] // the header's sign-out form has one too
	i := strings.Index(main, field)
	if i < 0 {
		t.Fatalf("no next field: %s", page.Raw)
	}
	rest := main[i+len(field):]
	return html.UnescapeString(rest[:strings.Index(rest, `"`)])
}

// Signing in leads back to where the person came from: the next the link carried,
// else the page of ours they came from, else the home page; never elsewhere.
func TestSignInLeadsBackWhereThePersonCameFrom(t *testing.T) {
	_, eventsURL := listen(t)
	p := startPortal(t, map[string]string{"EVENTS_URL": eventsURL})
	register(t, newClient(t, p.URL), "ruth@example.com", "ruth-password", "Ruth")

	for _, c := range []struct {
		name, query, referer, want string
	}{
		{"next", "?next=" + url.QueryEscape(eventsURL+"/dashboard?x=1"), "", eventsURL + "/dashboard?x=1"},
		{"a page of ours", "", p.URL + "/events/summer-ball", p.URL + "/events/summer-ball"},
		{"another service of ours", "", eventsURL + "/", eventsURL + "/"},
		{"a foreign site", "", "https://evil.example/x", "/"},
		{"the sign-in page itself", "", p.URL + "/signin?next=/", "/"},
		{"nowhere", "", "", "/"},
		{"a foreign next", "?next=" + url.QueryEscape("https://evil.example/"), "", "/"},
	} {
		for _, page := range []string{"/signin", "/register"} {
			hdr := map[string]string{}
			if c.referer != "" {
				hdr["Referer"] = c.referer
			}
			a := newClient(t, p.URL).do("GET", page+c.query, nil, hdr)
			if got := hiddenNext(t, a); a.Status != http.StatusOK || got != c.want {
				t.Errorf("%s: GET %s: next %q, want %q", c.name, page, got, c.want)
			}
		}
	}

	// The form goes where its next says, and home without one (not /account).
	for next, want := range map[string]string{"": "/", eventsURL + "/dashboard": eventsURL + "/dashboard", "/me": "/me"} {
		b := newClient(t, p.URL)
		b.do("GET", "/signin", nil, nil)
		form := url.Values{"email": {"ruth@example.com"}, "password": {"ruth-password"}, "next": {next},
			"csrf_token": {b.cookie(auth.CSRFCookie)}}
		if a := b.do("POST", "/signin", form.Encode(), nil); a.Status != http.StatusSeeOther || a.Header.Get("Location") != want {
			t.Errorf("sign in with next %q: %d %q, want %q", next, a.Status, a.Header.Get("Location"), want)
		}
	}
}

// Signing out works from any of our pages: the header's form posts to the portal
// with the shared token and comes back to the page; a sign-out link lands on a
// confirmation page, never signing out by a GET.
func TestSignOutFromAnyPage(t *testing.T) {
	_, eventsURL := listen(t)
	p := startPortal(t, map[string]string{"EVENTS_URL": eventsURL})
	c := newClient(t, p.URL)
	register(t, c, "sam@example.com", "sam-password", "Sam")
	login(t, c, "sam@example.com", "sam-password")
	back := eventsURL + "/events/summer-ball"

	confirm := c.do("GET", "/signout?next="+url.QueryEscape(back), nil, nil)
	if confirm.Status != http.StatusOK || !strings.Contains(confirm.Raw, `action="/signout"`) || hiddenNext(t, confirm) != back {
		t.Fatalf("sign-out page: %d %s", confirm.Status, confirm.Raw)
	}
	if s := c.do("GET", "/api/auth/session", nil, nil); str(s.Body, "user", "email") != "sam@example.com" {
		t.Fatalf("a GET signed out: %s", s.Raw)
	}

	// From the events service's page: its origin, the shared CSRF cookie's value.
	form := url.Values{"next": {back}, "csrf_token": {c.cookie(auth.CSRFCookie)}}
	a := c.do("POST", "/signout", form.Encode(), map[string]string{"Origin": eventsURL})
	if a.Status != http.StatusSeeOther || a.Header.Get("Location") != back {
		t.Fatalf("sign out from a service page: %d %q %s", a.Status, a.Header.Get("Location"), a.Raw)
	}
	if s := c.do("GET", "/api/auth/session", nil, nil); len(s.Body) != 0 {
		t.Fatalf("still signed in: %s", s.Raw)
	}
	// Signed out, the sign-out page just goes on.
	if a := c.do("GET", "/signout?next=%2Fevents", nil, nil); a.Status != http.StatusSeeOther || a.Header.Get("Location") != "/events" {
		t.Fatalf("sign-out page when signed out: %d %q", a.Status, a.Header.Get("Location"))
	}
}
