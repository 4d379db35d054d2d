package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
)

func TestAccountPages(t *testing.T) {
	p := startPortal(t, nil)
	c := newClient(t, p.URL)

	page := c.do("GET", "/register?next=/account", nil, nil)
	if page.Status != 200 || !strings.Contains(page.Raw, `<label for="email">`) || !strings.Contains(page.Raw, `<main id="main"`) ||
		!strings.Contains(page.Raw, `name="viewport"`) {
		t.Fatalf("register page: %d %s", page.Status, page.Raw)
	}
	tok := c.cookie(auth.CSRFCookie)
	if tok == "" || !strings.Contains(page.Raw, tok) {
		t.Fatal("the page carries no CSRF token")
	}

	// A bad form comes back with the fields named, nothing stored.
	bad := url.Values{"email": {"not-an-email"}, "password": {"short"}, "name": {"Gil"}, "csrf_token": {tok}}
	a := c.do("POST", "/register", bad.Encode(), nil)
	if a.Status != 400 || !strings.Contains(a.Raw, `aria-invalid="true"`) || !strings.Contains(a.Raw, "value=\"Gil\"") {
		t.Fatalf("invalid registration page: %d", a.Status)
	}

	good := url.Values{"email": {"gil@example.com"}, "password": {"gil-password"}, "name": {"Gil"}, "csrf_token": {tok}, "next": {"/account"}}
	a = c.do("POST", "/register", good.Encode(), nil)
	if a.Status != 200 || !strings.Contains(a.Raw, "Check your e-mail") || findCookie(a.Set, auth.AccessCookie) != nil {
		t.Fatalf("register form: %d %s", a.Status, a.Raw)
	}
	// The same page, word for word, when the address has an account, and no one is
	// signed in either way.
	again := c.do("POST", "/register", good.Encode(), nil)
	if again.Status != a.Status || again.Raw != a.Raw || findCookie(again.Set, auth.AccessCookie) != nil {
		t.Fatalf("register form with a taken address: %d %s", again.Status, again.Raw)
	}
	if me := c.do("GET", "/api/me", nil, nil); me.Status != 401 {
		t.Fatalf("registering signed the browser in: %d", me.Status)
	}
	signin := url.Values{"email": {"gil@example.com"}, "password": {"gil-password"}, "csrf_token": {tok}, "next": {"/account"}}
	if a := c.do("POST", "/signin", signin.Encode(), nil); a.Status != 303 || a.Header.Get("Location") != "/account" {
		t.Fatalf("sign in after registering: %d %s", a.Status, a.Raw)
	}
	acct := c.do("GET", "/account", nil, nil)
	if acct.Status != 200 || !strings.Contains(acct.Raw, "gil@example.com") || !strings.Contains(acct.Raw, "Become an event organizer") ||
		!strings.Contains(acct.Raw, "Sign out everywhere") || !strings.Contains(acct.Raw, "This device") ||
		// The role in words, the session as a person reads it (this client is no browser).
		!strings.Contains(acct.Raw, ">Member</span>") || strings.Contains(acct.Raw, ">USER<") ||
		!strings.Contains(acct.Raw, "<strong>Another app</strong>") || !strings.Contains(acct.Raw, ">just now</time>") ||
		// Only sections open today offer their role; the others are coming soon.
		strings.Contains(acct.Raw, `value="STORE_OWNER"`) || !strings.Contains(acct.Raw, "Coming soon") ||
		!strings.Contains(acct.Raw, "not verified yet") || !strings.Contains(acct.Raw, `action="/account/verification"`) {
		t.Fatalf("account page: %d %s", acct.Status, acct.Raw)
	}

	// Forms need the token and our origin once cookies are present.
	role := url.Values{"role": {"EVENT_ORGANIZER"}}
	if a := c.do("POST", "/account/roles", role.Encode(), map[string]string{"Origin": c.base}); a.Status != 403 {
		t.Fatalf("role form without token: %d", a.Status)
	}
	role.Set("csrf_token", c.cookie(auth.CSRFCookie))
	a = c.do("POST", "/account/roles", role.Encode(), map[string]string{"Origin": c.base})
	if a.Status != 303 {
		t.Fatalf("role form: %d %s", a.Status, a.Raw)
	}
	if me := c.do("GET", "/api/me", nil, nil); !strings.Contains(me.Raw, "EVENT_ORGANIZER") {
		t.Fatalf("role not in the renewed cookie: %s", me.Raw)
	}

	// An expired access cookie is renewed in-line by the portal's own pages.
	c.http.Jar.SetCookies(mustURL(c.base), []*http.Cookie{{Name: auth.AccessCookie, Value: "", MaxAge: -1}})
	if acct := c.do("GET", "/account", nil, nil); acct.Status != 200 || findCookie(acct.Set, auth.AccessCookie) == nil {
		t.Fatalf("in-line renewal: %d", acct.Status)
	}

	// Wrong password on the sign-in page: 401, the e-mail kept, an alert shown.
	anon := newClient(t, p.URL)
	a = anon.do("POST", "/signin", url.Values{"email": {"gil@example.com"}, "password": {"nope-nope"}}.Encode(), nil)
	if a.Status != 401 || !strings.Contains(a.Raw, `role="alert"`) || !strings.Contains(a.Raw, "gil@example.com") {
		t.Fatalf("failed sign-in page: %d", a.Status)
	}

	// Sign out ends the session; the account page then asks to sign in.
	a = c.do("POST", "/signout", url.Values{"csrf_token": {c.cookie(auth.CSRFCookie)}}.Encode(), map[string]string{"Origin": c.base})
	if a.Status != 303 {
		t.Fatalf("sign out: %d %s", a.Status, a.Raw)
	}
	if a := c.do("GET", "/account", nil, nil); a.Status != 303 || !strings.HasPrefix(a.Header.Get("Location"), "/signin") {
		t.Fatalf("account after sign-out: %d %q", a.Status, a.Header.Get("Location"))
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// TestLoginCSRF: another site may not post our sign-in or register form, which would
// leave the victim's browser signed in to the attacker's account.
func TestLoginCSRF(t *testing.T) {
	p := startPortal(t, nil)
	register(t, newClient(t, p.URL), "mallory@example.com", "mallory-password", "Mallory")
	evil := map[string]string{"Origin": "https://evil.example"}

	victim := newClient(t, p.URL)
	creds := url.Values{"email": {"mallory@example.com"}, "password": {"mallory-password"}}
	if a := victim.do("POST", "/signin", creds.Encode(), evil); a.Status != http.StatusForbidden || findCookie(a.Set, auth.AccessCookie) != nil {
		t.Fatalf("cross-site sign-in form: %d", a.Status)
	}
	if a := victim.do("POST", "/api/auth/login", map[string]string{"email": "mallory@example.com", "password": "mallory-password"}, evil); a.Status != http.StatusForbidden || findCookie(a.Set, auth.AccessCookie) != nil {
		t.Fatalf("cross-site login: %d", a.Status)
	}
	reg := url.Values{"email": {"mallory2@example.com"}, "password": {"mallory-password"}, "name": {"M"}}
	if a := victim.do("POST", "/register", reg.Encode(), evil); a.Status != http.StatusForbidden || findCookie(a.Set, auth.AccessCookie) != nil {
		t.Fatalf("cross-site register form: %d", a.Status)
	}
	if me := victim.do("GET", "/api/me", nil, nil); me.Status != http.StatusUnauthorized {
		t.Fatalf("victim signed in to the attacker's account: %s", me.Raw)
	}

	// Our own page, and scripts that send no Origin, still sign in.
	if a := victim.do("POST", "/signin", creds.Encode(), map[string]string{"Origin": p.URL}); a.Status != http.StatusSeeOther {
		t.Fatalf("own sign-in form: %d %s", a.Status, a.Raw)
	}
	login(t, newClient(t, p.URL), "mallory@example.com", "mallory-password")
}
