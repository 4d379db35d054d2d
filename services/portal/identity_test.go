package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/identity"
	"stepperslife/services/portal/keys"
)

func register(t *testing.T, c *client, email, password, name string) map[string]any {
	t.Helper()
	a := c.do("POST", "/api/auth/register", map[string]string{"email": email, "password": password, "name": name}, nil)
	if a.Status != http.StatusCreated {
		t.Fatalf("register %s: %d %s", email, a.Status, a.Raw)
	}
	return a.Body
}

func login(t *testing.T, c *client, email, password string) string {
	t.Helper()
	a := c.do("POST", "/api/auth/login", map[string]string{"email": email, "password": password}, nil)
	if a.Status != http.StatusOK || str(a.Body, "accessToken") == "" || str(a.Body, "expiresAt") == "" {
		t.Fatalf("login %s: %d %s", email, a.Status, a.Raw)
	}
	return str(a.Body, "accessToken")
}

func TestIdentityAPI(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { identityAPI(t, nil) })
	t.Run("postgres", func(t *testing.T) {
		identityAPI(t, map[string]string{"DATABASE_URL": dbtest.PostgresURL(t)})
	})
}

func identityAPI(t *testing.T, env map[string]string) {
	p := startPortal(t, env)
	ann := newClient(t, p.URL)

	// Registration.
	u := register(t, ann, " Ann@Example.com ", "dancing-shoes", "Ann")
	if str(u, "user", "email") != "ann@example.com" || !slices.Equal(roles(u), []string{"USER"}) || str(u, "user", "id") == "" {
		t.Fatalf("registered: %v", u)
	}
	// A taken address is answered like a new one, with a stand-in that names no
	// account; the account stays as it was.
	if a := ann.do("POST", "/api/auth/register", map[string]string{"email": "ANN@example.com", "password": "someone-else", "name": "A"}, nil); a.Status != 201 ||
		!sameKeys(a.Body, u) || !sameKeys(a.Body["user"], u["user"]) || str(a.Body, "user", "email") != "ann@example.com" ||
		str(a.Body, "user", "name") != "A" || !slices.Equal(roles(a.Body), []string{"USER"}) ||
		a.Body["user"].(map[string]any)["emailVerified"] != false || str(a.Body, "user", "id") == "" || str(a.Body, "user", "id") == str(u, "user", "id") {
		t.Fatalf("duplicate: %d %s, first %v", a.Status, a.Raw, u)
	}
	if a := ann.do("POST", "/api/auth/login", map[string]string{"email": "ann@example.com", "password": "someone-else"}, nil); a.Status != 401 {
		t.Fatalf("a second registration set the password: %d", a.Status)
	}
	if a := ann.do("POST", "/api/auth/register", map[string]string{"email": "nope", "password": "x", "name": ""}, nil); a.Status != 400 || str(a.Body, "code") != "VALIDATION_FAILED" {
		t.Fatalf("invalid: %d %s", a.Status, a.Raw)
	}
	if a := ann.do("POST", "/api/auth/register", `{"email":`, nil); a.Status != 415 && a.Status != 400 {
		t.Fatalf("broken body: %d", a.Status)
	}

	// Sign-in.
	if a := ann.do("POST", "/api/auth/login", map[string]string{"email": "ann@example.com", "password": "wrong-one"}, nil); a.Status != 401 || str(a.Body, "code") != "INVALID_CREDENTIALS" {
		t.Fatalf("wrong password: %d %s", a.Status, a.Raw)
	}
	a := ann.do("POST", "/api/auth/login", map[string]string{"email": "ANN@example.com", "password": "dancing-shoes"}, nil)
	if a.Status != 200 {
		t.Fatalf("login: %d %s", a.Status, a.Raw)
	}
	tok := str(a.Body, "accessToken")
	for _, name := range []string{auth.AccessCookie, auth.RefreshCookie} {
		c := findCookie(a.Set, name)
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Fatalf("cookie %s: %+v", name, c)
		}
	}
	if c := findCookie(a.Set, auth.CSRFCookie); c == nil || c.HttpOnly {
		t.Fatalf("csrf cookie: %+v", c)
	}

	// The caller, by Bearer token and by cookie; the session shape.
	if me := ann.do("GET", "/api/me", nil, bearer(tok)); me.Status != 200 || str(me.Body, "email") != "ann@example.com" {
		t.Fatalf("me by bearer: %d %s", me.Status, me.Raw)
	}
	if me := ann.do("GET", "/api/me", nil, nil); me.Status != 200 || str(me.Body, "name") != "Ann" {
		t.Fatalf("me by cookie: %d %s", me.Status, me.Raw)
	}
	if s := ann.do("GET", "/api/auth/session", nil, nil); str(s.Body, "user", "email") != "ann@example.com" || str(s.Body, "expires") == "" {
		t.Fatalf("session: %s", s.Raw)
	}
	if s := newClient(t, p.URL).do("GET", "/api/auth/session", nil, nil); s.Status != 200 || strings.TrimSpace(s.Raw) != "{}" {
		t.Fatalf("anonymous session: %d %s", s.Status, s.Raw)
	}

	// JWKS verifies the token the way every other service does.
	v := auth.NewTokenVerifier(p.URL, auth.NewJWKSCache(p.URL+auth.JWKSPath, nil))
	if got, err := v.VerifyToken(context.Background(), tok); err != nil || got.Email != "ann@example.com" {
		t.Fatalf("verify through JWKS: %v", err)
	}

	// CSRF: a cookie-authenticated change needs our origin and the token.
	if a := ann.do("POST", "/api/me/roles", map[string]string{"role": "EVENT_ORGANIZER"}, nil); a.Status != 403 || str(a.Body, "code") != "FORBIDDEN" {
		t.Fatalf("no csrf: %d %s", a.Status, a.Raw)
	}
	if a := ann.do("POST", "/api/me/roles", map[string]string{"role": "EVENT_ORGANIZER"},
		map[string]string{"Origin": "https://evil.example", auth.CSRFHeader: ann.cookie(auth.CSRFCookie)}); a.Status != 403 {
		t.Fatalf("foreign origin: %d %s", a.Status, a.Raw)
	}
	a = ann.do("POST", "/api/me/roles", map[string]string{"role": "EVENT_ORGANIZER"}, ann.csrf())
	if a.Status != 200 || !slices.Contains(roles(a.Body), "EVENT_ORGANIZER") || str(a.Body, "accessToken") == "" {
		t.Fatalf("take role: %d %s", a.Status, a.Raw)
	}
	if got, err := v.VerifyToken(context.Background(), str(a.Body, "accessToken")); err != nil || !got.Has("EVENT_ORGANIZER") {
		t.Fatalf("fresh token lacks the role: %v", err)
	}
	if me := ann.do("GET", "/api/me", nil, nil); !slices.Contains(roles(me.Body), "EVENT_ORGANIZER") {
		t.Fatalf("cookie not replaced with the fresh token: %s", me.Raw)
	}
	if a := ann.do("POST", "/api/me/roles", map[string]string{"role": "ADMIN"}, bearer(tok)); a.Status != 403 {
		t.Fatalf("self-assigned ADMIN: %d %s", a.Status, a.Raw)
	}
	if a := newClient(t, p.URL).do("POST", "/api/me/roles", map[string]string{"role": "INSTRUCTOR"}, nil); a.Status != 401 {
		t.Fatalf("anonymous role: %d", a.Status)
	}

	// Admin role management.
	bob := newClient(t, p.URL)
	bobID := str(register(t, bob, "bob@example.com", "bob-password", "Bob"), "user", "id")
	bobTok := login(t, bob, "bob@example.com", "bob-password")
	if a := bob.do("POST", "/api/admin/users/"+bobID+"/roles", map[string]string{"role": "STORE_OWNER"}, bearer(bobTok)); a.Status != 403 {
		t.Fatalf("non-admin grant: %d", a.Status)
	}
	svc := accounts.New(accounts.NewStore(p.In.Deps.DB))
	if _, err := svc.SetRoleByEmail(context.Background(), "ann@example.com", "ADMIN", true); err != nil {
		t.Fatal(err)
	}
	adminTok := login(t, newClient(t, p.URL), "ann@example.com", "dancing-shoes")
	a = ann.do("POST", "/api/admin/users/"+bobID+"/roles", map[string]string{"role": "STORE_OWNER"}, bearer(adminTok))
	if a.Status != 200 || !slices.Contains(roles(a.Body), "STORE_OWNER") {
		t.Fatalf("admin grant: %d %s", a.Status, a.Raw)
	}
	if a := ann.do("POST", "/api/admin/users/usr_nobody/roles", map[string]string{"role": "STORE_OWNER"}, bearer(adminTok)); a.Status != 404 {
		t.Fatalf("grant to nobody: %d", a.Status)
	}
	if a := ann.do("POST", "/api/admin/users/"+bobID+"/roles", map[string]string{"role": "KING"}, bearer(adminTok)); a.Status != 400 {
		t.Fatalf("unknown role: %d", a.Status)
	}
	// Bob's next token carries the change once renewed.
	r := bob.do("POST", auth.RefreshPath, nil, bob.csrf())
	if r.Status != 200 || !slices.Contains(roles(r.Body), "STORE_OWNER") {
		t.Fatalf("renewed token: %d %s", r.Status, r.Raw)
	}
	if a := ann.do("DELETE", "/api/admin/users/"+bobID+"/roles/STORE_OWNER", nil, bearer(adminTok)); a.Status != 200 || slices.Contains(roles(a.Body), "STORE_OWNER") {
		t.Fatalf("admin revoke: %d %s", a.Status, a.Raw)
	}

	// Revocation: after renewal and sign-out, neither the old nor the renewed token
	// is accepted by the portal, and the session cannot be renewed again.
	renewed := str(r.Body, "accessToken")
	if a := bob.do("POST", "/api/auth/logout", nil, bob.csrf()); a.Status != 204 {
		t.Fatalf("logout: %d %s", a.Status, a.Raw)
	}
	for _, old := range []string{bobTok, renewed} {
		if me := bob.do("GET", "/api/me", nil, bearer(old)); me.Status != 401 {
			t.Fatalf("token of a revoked session accepted: %d", me.Status)
		}
	}
	if c := bob.cookie(auth.AccessCookie); c != "" {
		t.Fatal("logout left the access cookie")
	}
	rr := bob.do("GET", auth.RefreshPath+"?next="+url.QueryEscape("/account"), nil, nil)
	if rr.Status != 303 || rr.Header.Get("Location") != "/signin?next=%2Faccount" {
		t.Fatalf("refresh after logout: %d %q", rr.Status, rr.Header.Get("Location"))
	}

	// Sign out everywhere ends every session of the account.
	other := newClient(t, p.URL)
	otherTok := login(t, other, "ann@example.com", "dancing-shoes")
	if a := ann.do("DELETE", "/api/me/sessions", nil, ann.csrf()); a.Status != 204 {
		t.Fatalf("sign out everywhere: %d %s", a.Status, a.Raw)
	}
	if me := other.do("GET", "/api/me", nil, bearer(otherTok)); me.Status != 401 {
		t.Fatalf("other session survived: %d", me.Status)
	}
}

func TestRenewalRedirectsAndRefusesOpenRedirects(t *testing.T) {
	p := startPortal(t, nil)
	c := newClient(t, p.URL)
	register(t, c, "cara@example.com", "cara-password", "Cara")
	login(t, c, "cara@example.com", "cara-password")
	cases := map[string]string{
		"http://localhost:3004/dash?x=1": "http://localhost:3004/dash?x=1", // the events service
		"http://localhost:4321/dash?x=1": "/",                              // another program
		"/account":                       "/account",
		"https://evil.example/":          "/",
		"//evil.example/x":               "/",
		"javascript:alert(1)":            "/",
		"":                               "/",
	}
	for next, want := range cases {
		a := c.do("GET", auth.RefreshPath+"?next="+url.QueryEscape(next), nil, nil)
		if a.Status != 303 || a.Header.Get("Location") != want {
			t.Errorf("next %q: %d %q, want %q", next, a.Status, a.Header.Get("Location"), want)
		}
		if findCookie(a.Set, auth.AccessCookie) == nil {
			t.Errorf("next %q: no renewed access cookie", next)
		}
	}
	// The sign-in form refuses foreign targets as well.
	fresh := newClient(t, p.URL)
	form := url.Values{"email": {"cara@example.com"}, "password": {"cara-password"}, "next": {"https://evil.example/steal"}}
	a := fresh.do("POST", "/signin", form.Encode(), nil)
	if a.Status != 303 || a.Header.Get("Location") != "/" {
		t.Fatalf("sign-in form next: %d %q", a.Status, a.Header.Get("Location"))
	}
	// Not signed in: renewal sends the browser to sign in, keeping a safe next.
	anon := newClient(t, p.URL)
	a = anon.do("GET", auth.RefreshPath+"?next="+url.QueryEscape("http://localhost:3004/dash"), nil, nil)
	if a.Status != 303 || a.Header.Get("Location") != "/signin?next="+url.QueryEscape("http://localhost:3004/dash") {
		t.Fatalf("anonymous renewal: %d %q", a.Status, a.Header.Get("Location"))
	}
}

func TestSignInRateLimit(t *testing.T) {
	p := startPortal(t, nil)
	c := newClient(t, p.URL)
	register(t, c, "dee@example.com", "dee-password", "Dee")
	for i := range 10 {
		if a := c.do("POST", "/api/auth/login", map[string]string{"email": "dee@example.com", "password": "guess"}, nil); a.Status != 401 {
			t.Fatalf("failure %d: %d", i, a.Status)
		}
	}
	a := c.do("POST", "/api/auth/login", map[string]string{"email": "DEE@example.com", "password": "dee-password"}, nil)
	if a.Status != 429 || str(a.Body, "code") != "RATE_LIMITED" || a.Header.Get("Retry-After") == "" {
		t.Fatalf("locked account: %d %s retry %q", a.Status, a.Raw, a.Header.Get("Retry-After"))
	}
	// Another account from the same address is not locked by Dee's failures.
	register(t, c, "eve@example.com", "eve-password", "Eve")
	login(t, c, "eve@example.com", "eve-password")
	// Registrations per address are bounded too (20 an hour, 2 used above).
	var last answer
	anon := newClient(t, p.URL)
	for i := range 19 {
		last = anon.do("POST", "/api/auth/register", map[string]string{"email": "r" + string(rune('a'+i)) + "@example.com", "password": "x", "name": "R"}, nil)
	}
	if last.Status != 429 || last.Header.Get("Retry-After") == "" {
		t.Fatalf("registration flood: %d %s", last.Status, last.Raw)
	}
}

func TestCookieFlagsOnHTTPS(t *testing.T) {
	env := map[string]string{"PUBLIC_URL": "https://stepperslife.com", "NEXTAUTH_URL": "https://stepperslife.com",
		"COOKIE_DOMAIN": ".stepperslife.com", "NEXTAUTH_SECRET": "a-long-production-secret-of-32-chars!!"}
	ln, _ := listen(t)
	p := serve(t, portalService(), ln, env)
	c := newClient(t, p.URL)
	register(t, c, "fay@example.com", "fay-password", "Fay")
	a := c.do("POST", "/api/auth/login", map[string]string{"email": "fay@example.com", "password": "fay-password"}, nil)
	if a.Status != 200 {
		t.Fatalf("login: %d %s", a.Status, a.Raw)
	}
	access, refresh, csrf := findCookie(a.Set, auth.AccessCookie), findCookie(a.Set, auth.RefreshCookie), findCookie(a.Set, auth.CSRFCookie)
	if access == nil || !access.Secure || !access.HttpOnly || access.Domain != "stepperslife.com" || access.SameSite != http.SameSiteLaxMode {
		t.Fatalf("access cookie: %+v", access)
	}
	// The refresh cookie stays with the portal: services never need it.
	if refresh == nil || !refresh.Secure || !refresh.HttpOnly || refresh.Domain != "" {
		t.Fatalf("refresh cookie: %+v", refresh)
	}
	if csrf == nil || !csrf.Secure || csrf.HttpOnly || csrf.Domain != "stepperslife.com" {
		t.Fatalf("csrf cookie: %+v", csrf)
	}
}

func TestSecretRequiredOnHTTPS(t *testing.T) {
	env := map[string]string{"PUBLIC_URL": "https://stepperslife.com", "NEXTAUTH_URL": "https://stepperslife.com"}
	err := buildErr(t, env)
	if err == nil || !strings.Contains(err.Error(), "NEXTAUTH_SECRET") || strings.Contains(err.Error(), "****") {
		t.Fatalf("https portal without a secret: %v", err)
	}
	// In development the portal makes its own and keeps it.
	dir := t.TempDir()
	startPortal(t, map[string]string{"DATA_DIR": dir})
	st, err := os.Stat(filepath.Join(dir, "portal", keys.SecretFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("generated secret: %v", err)
	}
}

// TestRenewalLoopIsBroken: a browser bounced between a service that never receives
// its cookie and the portal's renewal is stopped with a page that says why.
func TestRenewalLoopIsBroken(t *testing.T) {
	p := startPortal(t, nil)
	c := newClient(t, p.URL)
	register(t, c, "max@example.com", "max-password", "Max")
	login(t, c, "max@example.com", "max-password")
	next := auth.RefreshPath + "?next=" + url.QueryEscape("http://localhost:4321/dash")
	var a answer
	for i := 0; i < 40 && a.Status != http.StatusTooManyRequests; i++ {
		a = c.do("GET", next, nil, nil)
	}
	if a.Status != http.StatusTooManyRequests || !strings.Contains(a.Raw, "cookies are allowed") || a.Header.Get("Retry-After") == "" {
		t.Fatalf("loop not broken: %d", a.Status)
	}
}

func TestProfilePasswordAndSessionsAPI(t *testing.T) {
	p := startPortal(t, nil)
	c := newClient(t, p.URL)
	register(t, c, "ned@example.com", "ned-password", "Ned")
	tok := login(t, c, "ned@example.com", "ned-password")
	second := login(t, newClient(t, p.URL), "ned@example.com", "ned-password")

	a := c.do("PATCH", "/api/me/profile", map[string]string{"name": "  Ned   Flanders "}, bearer(tok))
	if a.Status != 200 || str(a.Body, "user", "name") != "Ned Flanders" || str(a.Body, "accessToken") == "" {
		t.Fatalf("profile: %d %s", a.Status, a.Raw)
	}
	if a := c.do("PATCH", "/api/me/profile", map[string]string{"name": " "}, bearer(tok)); a.Status != 400 {
		t.Fatalf("empty name: %d", a.Status)
	}
	list := c.do("GET", "/api/me/sessions", nil, bearer(tok))
	items, _ := list.Body["items"].([]any)
	if list.Status != 200 || len(items) != 2 {
		t.Fatalf("sessions: %d %s", list.Status, list.Raw)
	}
	if a := c.do("POST", "/api/me/password", map[string]string{"currentPassword": "wrong", "newPassword": "ned-password-2"}, bearer(tok)); a.Status != 400 {
		t.Fatalf("wrong current password: %d %s", a.Status, a.Raw)
	}
	if a := c.do("POST", "/api/me/password", map[string]string{"currentPassword": "ned-password", "newPassword": "ned-password-2"}, bearer(tok)); a.Status != 204 {
		t.Fatalf("password change: %d %s", a.Status, a.Raw)
	}
	// The other session ended; this one lives on; the new password works.
	if me := c.do("GET", "/api/me", nil, bearer(second)); me.Status != 401 {
		t.Fatalf("other session after a password change: %d", me.Status)
	}
	if me := c.do("GET", "/api/me", nil, bearer(tok)); me.Status != 200 {
		t.Fatalf("own session after a password change: %d", me.Status)
	}
	login(t, newClient(t, p.URL), "ned@example.com", "ned-password-2")
}

// Wrong passwords from strangers lock an account for strangers only: a browser the
// owner signed in from before still signs in, and is limited by its own failures.
func TestOwnersBrowserIsNotLockedOut(t *testing.T) {
	p := startPortal(t, nil)
	owner := newClient(t, p.URL)
	register(t, owner, "gil@example.com", "gil-password", "Gil")
	login(t, owner, "gil@example.com", "gil-password")
	if owner.cookie(identity.DeviceCookie) == "" {
		t.Fatal("no device cookie after signing in")
	}
	if a := owner.do("POST", "/api/auth/logout", nil, owner.csrf()); a.Status != 204 {
		t.Fatalf("logout: %d", a.Status)
	}
	attacker := newClient(t, p.URL)
	for range 12 {
		attacker.do("POST", "/api/auth/login", map[string]string{"email": "gil@example.com", "password": "guess"}, nil)
	}
	if a := attacker.do("POST", "/api/auth/login", map[string]string{"email": "gil@example.com", "password": "gil-password"}, nil); a.Status != 429 {
		t.Fatalf("stranger after the lockout: %d", a.Status)
	}
	// A device cookie of another account, or a tampered one, is a stranger's.
	other := newClient(t, p.URL)
	register(t, other, "hal@example.com", "hal-password", "Hal")
	login(t, other, "hal@example.com", "hal-password")
	borrowed := newClient(t, p.URL)
	borrowed.http.Jar.SetCookies(mustURL(p.URL), []*http.Cookie{{Name: identity.DeviceCookie, Value: other.cookie(identity.DeviceCookie)}})
	if a := borrowed.do("POST", "/api/auth/login", map[string]string{"email": "gil@example.com", "password": "gil-password"}, nil); a.Status != 429 {
		t.Fatalf("another account's device cookie: %d", a.Status)
	}
	if a := owner.do("POST", "/api/auth/login", map[string]string{"email": "GIL@example.com", "password": "gil-password"}, nil); a.Status != 200 {
		t.Fatalf("the owner's browser is locked out: %d %s", a.Status, a.Raw)
	}
	for range 10 {
		owner.do("POST", "/api/auth/login", map[string]string{"email": "gil@example.com", "password": "typo"}, nil)
	}
	if a := owner.do("POST", "/api/auth/login", map[string]string{"email": "gil@example.com", "password": "gil-password"}, nil); a.Status != 429 {
		t.Fatalf("the owner's browser after its own 10 failures: %d", a.Status)
	}
}

// sameKeys reports whether a and b are JSON objects with the same keys.
func sameKeys(a, b any) bool {
	ma, okA := a.(map[string]any)
	mb, okB := b.(map[string]any)
	if !okA || !okB || len(ma) != len(mb) {
		return false
	}
	for k := range ma {
		if _, ok := mb[k]; !ok {
			return false
		}
	}
	return true
}
