package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"strings"

	"stepperslife/internal/kit/errs"
)

// CSRF refusals.
var (
	errCSRFOrigin = errs.Errorf(errs.CodeForbidden,
		"Refused: this change did not come from a SteppersLife page (origin check failed).")
	errCSRFToken = errs.Errorf(errs.CodeForbidden,
		"Refused: the security token (X-CSRF-Token or csrf_token) is missing or wrong. Reload the page and try again.")
)

// HasCookieCredentials reports whether the browser sent session cookies.
func HasCookieCredentials(r *http.Request) bool {
	for _, name := range []string{AccessCookie, RefreshCookie} {
		if c, err := r.Cookie(name); err == nil && c.Value != "" {
			return true
		}
	}
	return false
}

// CheckCSRF guards cookie-authenticated changes: the request must come from one of
// our own origins and echo the sl_csrf cookie in a header or form field. Safe
// methods, Bearer-authenticated requests and webhooks are exempt: none of them can
// ride on a victim's cookies. A request without session cookies needs no token, but
// when a browser names a foreign Origin it is refused all the same: otherwise another
// site could post our sign-in or register form and leave the victim signed in to the
// attacker's account (login CSRF), where everything they buy lands.
func CheckCSRF(p Policy, r *http.Request) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return nil
	}
	if strings.HasPrefix(r.URL.Path, "/api/webhooks/") || IsBearer(r) {
		return nil
	}
	if !HasCookieCredentials(r) || signInAPI(r) {
		// Scripts and servers send no Origin; browsers always do on a cross-site POST.
		if o := r.Header.Get("Origin"); o != "" && !p.OwnOrigin(o) {
			return errCSRFOrigin
		}
		return nil
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = r.Header.Get("Referer")
	}
	if origin == "" || !p.OwnOrigin(origin) {
		return errCSRFOrigin
	}
	c, err := r.Cookie(CSRFCookie)
	if err != nil || c.Value == "" {
		return errCSRFToken
	}
	sent := r.Header.Get(CSRFHeader)
	if sent == "" && isForm(r) {
		sent = r.PostFormValue(CSRFField)
	}
	if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(c.Value)) != 1 {
		return errCSRFToken
	}
	return nil
}

// signInAPI reports whether r is the JSON sign-in or registration: they act on the
// credentials in their body, never on the session the client may already hold, so
// they are judged like a request without cookies. A script with a cookie jar may sign
// in again (another account, a typo) without a page's token, and a foreign page is
// still refused by its Origin.
func signInAPI(r *http.Request) bool {
	return r.Method == http.MethodPost && (r.URL.Path == "/api/auth/login" || r.URL.Path == "/api/auth/register")
}

func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data"
}

// NewCSRFToken makes a fresh double-submit token.
func NewCSRFToken() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// CSRFToken returns the token a page should echo in its forms: the request's sl_csrf
// cookie, if any.
func CSRFToken(r *http.Request) string {
	if c, err := r.Cookie(CSRFCookie); err == nil {
		return c.Value
	}
	return ""
}
