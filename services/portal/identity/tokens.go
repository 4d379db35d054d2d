package identity

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/accounts"
)

// LoginAnswer is the body of login, renewal and role changes.
type LoginAnswer struct {
	User        *auth.User `json:"user"`
	AccessToken string     `json:"accessToken"`
	ExpiresAt   time.Time  `json:"expiresAt"`
}

// issue signs an access token for u in session sid.
func (id *Identity) issue(u accounts.User, sid string) (LoginAnswer, error) {
	t := now().UTC().Truncate(time.Second)
	exp := t.Add(auth.AccessTTL)
	c := &auth.Claims{Email: u.Email, Name: u.Name, Roles: u.Roles, SID: sid, EmailVerified: u.EmailVerified,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: id.Policy.PortalURL, Subject: u.ID, Audience: jwt.ClaimStrings{auth.Audience},
			IssuedAt: jwt.NewNumericDate(t), NotBefore: jwt.NewNumericDate(t), ExpiresAt: jwt.NewNumericDate(exp),
		}}
	tok, err := id.Keys.Sign(c)
	if err != nil {
		return LoginAnswer{}, err
	}
	return LoginAnswer{User: u.Auth(sid), AccessToken: tok, ExpiresAt: exp}, nil
}

// startSession signs u in: a new server-side session, the refresh cookie, the
// access-token cookie and a CSRF token for pages.
func (id *Identity) startSession(w http.ResponseWriter, r *http.Request, u accounts.User) (LoginAnswer, error) {
	sess, refresh, err := id.Accounts.CreateSession(r.Context(), u.ID, r.UserAgent(), clientIP(r))
	if err != nil {
		return LoginAnswer{}, err
	}
	ans, err := id.issue(u, sess.ID)
	if err != nil {
		return LoginAnswer{}, err
	}
	http.SetCookie(w, id.Policy.HostCookie(auth.RefreshCookie, refresh, accounts.SessionTTL))
	id.setAccess(w, r, ans)
	return ans, nil
}

// setAccess sets the access-token cookie (and a CSRF token when the browser has none).
func (id *Identity) setAccess(w http.ResponseWriter, r *http.Request, ans LoginAnswer) {
	http.SetCookie(w, id.Policy.SharedCookie(auth.AccessCookie, ans.AccessToken, auth.AccessTTL, true))
	id.ensureCSRF(w, r)
}

// ensureCSRF returns the browser's CSRF token, giving it one when it has none.
func (id *Identity) ensureCSRF(w http.ResponseWriter, r *http.Request) string {
	if tok := auth.CSRFToken(r); tok != "" {
		return tok
	}
	tok := auth.NewCSRFToken()
	http.SetCookie(w, id.Policy.SharedCookie(auth.CSRFCookie, tok, auth.CSRFCookieTTL, false))
	r.AddCookie(&http.Cookie{Name: auth.CSRFCookie, Value: tok})
	return tok
}

// clearSession removes the session cookies.
func (id *Identity) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, id.Policy.SharedCookie(auth.AccessCookie, "", -1, true))
	http.SetCookie(w, id.Policy.HostCookie(auth.RefreshCookie, "", -1))
}

// renew turns the refresh cookie into a fresh access token, reading the user's
// roles anew so granted and revoked roles take effect.
func (id *Identity) renew(w http.ResponseWriter, r *http.Request) (LoginAnswer, error) {
	c, err := r.Cookie(auth.RefreshCookie)
	if err != nil || c.Value == "" {
		return LoginAnswer{}, accounts.ErrNoSession
	}
	sess, err := id.Accounts.RenewSession(r.Context(), c.Value)
	if err != nil {
		if errors.Is(err, accounts.ErrNoSession) {
			id.clearSession(w)
		}
		return LoginAnswer{}, err
	}
	u, err := id.Accounts.UserByID(r.Context(), sess.UserID)
	if err != nil {
		return LoginAnswer{}, err
	}
	ans, err := id.issue(u, sess.ID)
	if err != nil {
		return LoginAnswer{}, err
	}
	id.setAccess(w, r, ans)
	return ans, nil
}

// currentUser is the caller of a portal page or of /api/auth/session; an expired
// access token is renewed in-line from the refresh cookie.
func (id *Identity) currentUser(w http.ResponseWriter, r *http.Request) (*auth.User, *http.Request, bool) {
	if u, ok := auth.FromContext(r.Context()); ok {
		return u, r, true
	}
	ans, err := id.renew(w, r)
	if err != nil {
		return nil, r, false
	}
	r = r.WithContext(auth.WithUser(r.Context(), ans.User))
	return ans.User, r, true
}

// reissue answers a signed-in caller with a fresh token in the same session, after a
// change to their account (a role taken, a new name).
func (id *Identity) reissue(ctx context.Context, w http.ResponseWriter, r *http.Request, u *auth.User) (LoginAnswer, error) {
	acct, err := id.Accounts.UserByID(ctx, u.ID)
	if err != nil {
		return LoginAnswer{}, err
	}
	ans, err := id.issue(acct, u.SessionID)
	if err != nil {
		return LoginAnswer{}, err
	}
	if !auth.IsBearer(r) {
		id.setAccess(w, r, ans)
	}
	return ans, nil
}

// clientIP is the caller's address as the kit knows it: the peer, or the client a
// trusted proxy names (TRUSTED_PROXIES); a client cannot pick its own rate-limit key.
func clientIP(r *http.Request) string { return web.ClientIP(r) }
