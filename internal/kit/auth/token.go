package auth

import (
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Session token facts shared by the portal, which signs, and every service, which
// verifies.
const (
	// Audience is the aud of every session token: the platform as a whole.
	Audience = "stepperslife"
	// Algorithm is the one signing algorithm accepted; anything else is refused.
	Algorithm = "EdDSA"
	// AccessTTL is the lifetime of an access token. Services learn of revoked
	// sessions within RevocationPoll; the lifetime bounds how long the portal
	// publishes each cutoff.
	AccessTTL = 15 * time.Minute
	// Leeway absorbs clock drift between the portal and a service.
	Leeway = 30 * time.Second
	// JWKSPath is where the portal publishes its public keys.
	JWKSPath = "/.well-known/jwks.json"
	// RefreshPath renews the access token and redirects back to ?next=.
	RefreshPath = "/api/auth/refresh"
	// SignInPath is the portal's sign-in page; it takes ?next= too.
	SignInPath = "/signin"
)

// Cookie names.
const (
	// AccessCookie carries the access token (HttpOnly, on COOKIE_DOMAIN).
	AccessCookie = "sl_session"
	// RefreshCookie carries the session's refresh secret (HttpOnly, portal only).
	RefreshCookie = "sl_refresh"
	// CSRFCookie is the double-submit token, readable by page scripts.
	CSRFCookie = "sl_csrf"
	// CSRFHeader and CSRFField carry the echoed token.
	CSRFHeader = "X-CSRF-Token"
	CSRFField  = "csrf_token"
)

// Claims are the contents of a session token.
type Claims struct {
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
	SID   string   `json:"sid"`
	// EmailVerified is OpenID Connect's claim: the user proved they receive mail at
	// Email.
	EmailVerified bool `json:"email_verified,omitempty"`
	jwt.RegisteredClaims

	issued Issued // worked out once per token
}

// Issued is what a check of a verified token knows of it: whose it is, in which
// session (and the key the portal's revocation list names it by), since when.
type Issued struct {
	SessionID, SessionKey string
	UserID                string
	At                    time.Time
}

// Narrow keeps the roles of granted that current still has: a token issued before an
// admin took a role away grants only what is left.
func Narrow(granted, current []string) []string {
	out := make([]string, 0, len(granted))
	for _, r := range granted {
		if slices.Contains(current, r) {
			out = append(out, r)
		}
	}
	return out
}

// User turns verified claims into the caller.
func (c *Claims) User() *User {
	// A copy: verified claims are cached and shared between requests.
	roles := append([]string{}, c.Roles...)
	return &User{ID: c.Subject, Email: c.Email, Name: c.Name, Roles: roles, EmailVerified: c.EmailVerified, SessionID: c.SID}
}
