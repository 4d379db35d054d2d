package hosttest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"stepperslife/internal/kit/auth"
)

// tokenPrefix marks a test token, so it can never pass for a portal session token.
const tokenPrefix = "test."

// SessionID is the session a test caller's token belongs to unless it names another.
const SessionID = "test"

// identity is what a test token carries: the caller as a service sees them.
type identity struct {
	ID        string   `json:"id"`
	Email     string   `json:"email"`
	Name      string   `json:"name"`
	Roles     []string `json:"roles"`
	SessionID string   `json:"sid,omitempty"`
	// EmailVerified is the portal token's email_verified claim.
	EmailVerified bool `json:"email_verified,omitempty"`
}

// Token names u to the Verifier. It travels where the portal's session tokens do:
// in "Authorization: Bearer <token>" (see Authorize) or, for a browser, in the
// session cookie auth.AccessCookie (see Server.Browser).
func Token(u *auth.User) string {
	b, _ := json.Marshal(identity{ID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, SessionID: u.SessionID,
		EmailVerified: u.EmailVerified})
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// Authorize makes req come from u with a Bearer token; nil u leaves it anonymous.
func Authorize(req *http.Request, u *auth.User) {
	if u != nil {
		req.Header.Set("Authorization", "Bearer "+Token(u))
	}
}

// Verifier is the test double of identity: it reads the caller from a Token found
// the way the kit finds the portal's session tokens (the Bearer header, else the
// session cookie), so the CSRF check treats test callers like real ones.
type Verifier struct{}

var _ auth.Verifier = Verifier{}

// Verify reads the caller r names; no token is an anonymous caller.
func (Verifier) Verify(r *http.Request) (*auth.User, error) {
	raw, _ := auth.TokenFromRequest(r)
	if raw == "" {
		return nil, nil
	}
	enc, ok := strings.CutPrefix(raw, tokenPrefix)
	if !ok {
		return nil, errors.New("hosttest: not a test token")
	}
	b, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return nil, err
	}
	var id identity
	if err := json.Unmarshal(b, &id); err != nil {
		return nil, err
	}
	if id.ID == "" {
		return nil, errors.New("hosttest: test token names nobody")
	}
	if id.SessionID == "" {
		id.SessionID = SessionID
	}
	return &auth.User{ID: id.ID, Email: id.Email, Name: id.Name, Roles: id.Roles, SessionID: id.SessionID,
		EmailVerified: id.EmailVerified}, nil
}

// EitherVerifier reads a test token with Verifier and any other token with Portal,
// so test callers and people signed in at a real portal reach one service.
type EitherVerifier struct{ Portal auth.Verifier }

var _ auth.Verifier = EitherVerifier{}

// Verify names the caller by whichever verifier the token is for.
func (v EitherVerifier) Verify(r *http.Request) (*auth.User, error) {
	if raw, _ := auth.TokenFromRequest(r); strings.HasPrefix(raw, tokenPrefix) {
		return Verifier{}.Verify(r)
	}
	return v.Portal.Verify(r)
}
