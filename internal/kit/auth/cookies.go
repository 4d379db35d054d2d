package auth

import (
	"net/http"
	"strings"
	"time"
)

// CSRFCookieTTL matches the longest a session can live, so pages keep their token.
const CSRFCookieTTL = 30 * 24 * time.Hour

// Secure reports whether cookies must be Secure: the platform is served over https.
func (p Policy) Secure() bool {
	return strings.HasPrefix(p.PortalURL, "https://") || strings.HasPrefix(p.PublicURL, "https://")
}

// SharedCookie makes a cookie every one of our sites receives: Domain=COOKIE_DOMAIN
// when set (host-only otherwise, which on localhost reaches every port), SameSite=Lax,
// Secure on https. maxAge < 0 deletes it.
func (p Policy) SharedCookie(name, value string, maxAge time.Duration, httpOnly bool) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: "/", Domain: p.CookieDomain,
		HttpOnly: httpOnly, Secure: p.Secure(), SameSite: http.SameSiteLaxMode}
	setAge(c, maxAge)
	return c
}

// HostCookie is like SharedCookie but host-only: only the site that sets it gets it
// back (the portal's refresh cookie).
func (p Policy) HostCookie(name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: p.Secure(),
		SameSite: http.SameSiteLaxMode}
	setAge(c, maxAge)
	return c
}

func setAge(c *http.Cookie, maxAge time.Duration) {
	if maxAge < 0 {
		c.MaxAge = -1
		c.Expires = time.Unix(1, 0)
		return
	}
	c.MaxAge = int(maxAge / time.Second)
	c.Expires = time.Now().Add(maxAge)
}
