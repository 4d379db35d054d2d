package auth

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

var prodPolicy = Policy{PortalURL: "https://stepperslife.com", PublicURL: "https://events.stepperslife.com",
	CookieDomain: ".stepperslife.com"}

var devPolicy = Policy{PortalURL: "http://localhost:3001", PublicURL: "http://localhost:3004", Dev: true}

func TestSafeNextRefusesOpenRedirects(t *testing.T) {
	ok := map[string]string{
		"/account":                   "/account",
		"/events?x=1":                "/events?x=1",
		"https://stepperslife.com/x": "https://stepperslife.com/x",
		"https://restaurants.stepperslife.com/a?b": "https://restaurants.stepperslife.com/a?b",
	}
	for in, want := range ok {
		if got := prodPolicy.SafeNext(in, "/"); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
	bad := []string{"", "//evil.com", "//evil.com/x", "/\\evil.com", "https://evil.com",
		"https://stepperslife.com.evil.com/", "https://evilstepperslife.com", "javascript:alert(1)",
		"http://events.stepperslife.com/", "https://user@stepperslife.com/", "evil.com",
		"https:evil.com", "/x\r\nSet-Cookie: a=b", "data:text/html,hi", "http://localhost:9999/"}
	for _, in := range bad {
		if got := prodPolicy.SafeNext(in, "/"); got != "/" {
			t.Errorf("SafeNext(%q) = %q, want the fallback", in, got)
		}
	}
	for _, own := range []string{"http://localhost:3004/dash", "http://127.0.0.1:3004/dash", "http://[::1]:3001/"} {
		if got := devPolicy.SafeNext(own, "/"); got != own {
			t.Errorf("dev: own address %s refused: %q", own, got)
		}
	}
	// Another program on this machine is not one of ours, whatever its port.
	for _, other := range []string{"http://localhost:4567/dash", "http://127.0.0.1:8080/", "http://localhost/"} {
		if got := devPolicy.SafeNext(other, "/"); got != "/" {
			t.Errorf("dev: %s accepted: %q", other, got)
		}
		if devPolicy.OwnOrigin(other) {
			t.Errorf("dev: origin %s passes the origin check", other)
		}
	}
	if got := devPolicy.SafeNext("http://example.com/", "/"); got != "/" {
		t.Errorf("dev foreign host accepted: %q", got)
	}
}

func csrfRequest(method, path string, hdr map[string]string, cookies ...*http.Cookie) *http.Request {
	r := httptest.NewRequest(method, "https://events.stepperslife.com"+path, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	return r
}

func TestCSRF(t *testing.T) {
	session := &http.Cookie{Name: AccessCookie, Value: "tok"}
	csrf := &http.Cookie{Name: CSRFCookie, Value: "secret-token"}
	own := "https://stepperslife.com"
	cases := []struct {
		name  string
		r     *http.Request
		allow bool
	}{
		{"GET is safe", csrfRequest("GET", "/api/x", nil, session), true},
		{"no cookies", csrfRequest("POST", "/api/x", nil), true},
		{"no cookies, own origin", csrfRequest("POST", "/api/x", map[string]string{"Origin": own}), true},
		// Login CSRF: another site posting the sign-in form carries no cookies of ours.
		{"no cookies, foreign origin", csrfRequest("POST", "/signin", map[string]string{"Origin": "https://evil.com"}), false},
		{"no cookies, null origin", csrfRequest("POST", "/api/auth/login", map[string]string{"Origin": "null"}), false},
		{"bearer, foreign origin", csrfRequest("POST", "/api/x", map[string]string{"Authorization": "Bearer t", "Origin": "https://evil.com"}), true},
		{"bearer", csrfRequest("POST", "/api/x", map[string]string{"Authorization": "Bearer t"}, session), true},
		{"webhook", csrfRequest("POST", "/api/webhooks/stripe", nil, session), true},
		{"origin and token", csrfRequest("POST", "/api/x", map[string]string{"Origin": own, CSRFHeader: "secret-token"}, session, csrf), true},
		{"referer and token", csrfRequest("DELETE", "/api/x", map[string]string{"Referer": "https://events.stepperslife.com/dash", CSRFHeader: "secret-token"}, session, csrf), true},
		{"no origin", csrfRequest("POST", "/api/x", map[string]string{CSRFHeader: "secret-token"}, session, csrf), false},
		{"foreign origin", csrfRequest("POST", "/api/x", map[string]string{"Origin": "https://evil.com", CSRFHeader: "secret-token"}, session, csrf), false},
		{"null origin", csrfRequest("PATCH", "/api/x", map[string]string{"Origin": "null", CSRFHeader: "secret-token"}, session, csrf), false},
		{"no token", csrfRequest("PUT", "/api/x", map[string]string{"Origin": own}, session, csrf), false},
		{"wrong token", csrfRequest("POST", "/api/x", map[string]string{"Origin": own, CSRFHeader: "guess"}, session, csrf), false},
		{"token without cookie", csrfRequest("POST", "/api/x", map[string]string{"Origin": own, CSRFHeader: "secret-token"}, session), false},
		{"refresh cookie counts", csrfRequest("POST", "/api/x", map[string]string{"Origin": own}, &http.Cookie{Name: RefreshCookie, Value: "r"}), false},
		// Signing in again with a session already held: the body's credentials count.
		{"sign-in with a session, no origin", csrfRequest("POST", "/api/auth/login", nil, session, csrf), true},
		{"register with a session, no origin", csrfRequest("POST", "/api/auth/register", nil, session), true},
		{"sign-in with a session, foreign origin", csrfRequest("POST", "/api/auth/login", map[string]string{"Origin": "https://evil.com"}, session), false},
		{"logout with a session, no token", csrfRequest("POST", "/api/auth/logout", map[string]string{"Origin": own}, session, csrf), false},
		{"sign-in form page with a session, no token", csrfRequest("POST", "/signin", map[string]string{"Origin": own}, session, csrf), false},
	}
	for _, c := range cases {
		err := CheckCSRF(prodPolicy, c.r)
		if (err == nil) != c.allow {
			t.Errorf("%s: err = %v, allow = %v", c.name, err, c.allow)
		}
	}
	// The form field works for plain HTML forms.
	form := url.Values{CSRFField: {"secret-token"}}.Encode()
	r := httptest.NewRequest("POST", "https://events.stepperslife.com/x", strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", own)
	r.AddCookie(session)
	r.AddCookie(csrf)
	if err := CheckCSRF(prodPolicy, r); err != nil {
		t.Fatalf("form token: %v", err)
	}
}

func TestProtectAnswers403AndRequirePageRedirects(t *testing.T) {
	pub, priv := newKey(t)
	v := NewTokenVerifier("https://stepperslife.com", staticKeys{"k1": pub})
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/x", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	mux.HandleFunc("GET /dash", RequirePage(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	h := Protect(prodPolicy, v, mux)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, csrfRequest("POST", "/api/x", map[string]string{"Origin": "https://evil.com"}, &http.Cookie{Name: AccessCookie, Value: "t"}))
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), `"code":"FORBIDDEN"`) {
		t.Fatalf("csrf refusal: %d %s", w.Code, w.Body)
	}

	w = httptest.NewRecorder()
	h.ServeHTTP(w, csrfRequest("GET", "/dash?tab=1", nil))
	want := "https://stepperslife.com" + RefreshPath + "?next=" + url.QueryEscape("https://events.stepperslife.com/dash?tab=1")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
		t.Fatalf("page guard: %d %q", w.Code, w.Header().Get("Location"))
	}

	c := goodClaims()
	c.Issuer = "https://stepperslife.com"
	w = httptest.NewRecorder()
	h.ServeHTTP(w, csrfRequest("GET", "/dash", nil, &http.Cookie{Name: AccessCookie, Value: sign(t, "k1", priv, c)}))
	if w.Code != http.StatusOK {
		t.Fatalf("signed-in page: %d", w.Code)
	}
	// A signed-in browser without a CSRF token is given one, shared and readable.
	set := w.Result().Cookies()
	if len(set) != 1 || set[0].Name != CSRFCookie || set[0].HttpOnly || !set[0].Secure ||
		set[0].Domain != "stepperslife.com" || set[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("csrf cookie: %+v", set)
	}
}

func TestCookieFlags(t *testing.T) {
	c := prodPolicy.SharedCookie(AccessCookie, "v", AccessTTL, true)
	if !c.HttpOnly || !c.Secure || c.Domain != ".stepperslife.com" || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Fatalf("shared cookie: %+v", c)
	}
	h := prodPolicy.HostCookie(RefreshCookie, "v", CSRFCookieTTL)
	if !h.HttpOnly || !h.Secure || h.Domain != "" || h.SameSite != http.SameSiteLaxMode {
		t.Fatalf("host cookie: %+v", h)
	}
	d := devPolicy.SharedCookie(AccessCookie, "v", AccessTTL, true)
	if d.Secure || d.Domain != "" {
		t.Fatalf("dev cookie: %+v", d)
	}
	if gone := devPolicy.SharedCookie(AccessCookie, "", -1, true); gone.MaxAge >= 0 {
		t.Fatalf("deleting cookie: %+v", gone)
	}
}
