package auth

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// KeySource finds the public key that verifies tokens signed under kid.
type KeySource interface {
	PublicKey(ctx context.Context, kid string) (ed25519.PublicKey, error)
}

// ErrUnknownKey is returned for a kid no published key carries.
var ErrUnknownKey = errors.New("auth: unknown signing key")

// ErrSessionEnded is returned for a token whose session was revoked or expired.
var ErrSessionEnded = errors.New("auth: session ended")

// TokenVerifier checks session tokens locally: the signature against the portal's
// published keys, then issuer, audience and lifetime. No call to the portal is made
// per request.
type TokenVerifier struct {
	parser *jwt.Parser
	keys   KeySource
	seen   *verifiedCache
	// Check, when set, is asked about every verified token: it refuses the token of a
	// revoked session (ErrSessionEnded), and returns the roles the token still grants
	// when an admin took one away since it was issued (nil: all of its own). The
	// portal asks its own database; services ask the portal's revocation list, read
	// in the background.
	Check func(ctx context.Context, t Issued) (roles []string, err error)
}

// NewTokenVerifier verifies tokens issued by issuer (the portal's NEXTAUTH_URL).
func NewTokenVerifier(issuer string, keys KeySource) *TokenVerifier {
	return &TokenVerifier{
		keys: keys,
		seen: newVerifiedCache(verifiedCacheSize),
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{Algorithm}),
			jwt.WithIssuer(issuer),
			jwt.WithAudience(Audience),
			jwt.WithLeeway(Leeway),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
		),
	}
}

// VerifyToken checks raw and returns the user it names.
func (v *TokenVerifier) VerifyToken(ctx context.Context, raw string) (*User, error) {
	claims, ok := v.seen.get(raw, time.Now())
	if !ok {
		var err error
		if claims, err = v.parse(ctx, raw); err != nil {
			return nil, err
		}
		v.seen.put(raw, claims)
	}
	u := claims.User()
	if v.Check != nil {
		roles, err := v.Check(ctx, claims.issued)
		if err != nil {
			return nil, err
		}
		if roles != nil {
			u.Roles = Narrow(u.Roles, roles)
		}
	}
	return u, nil
}

func (v *TokenVerifier) parse(ctx context.Context, raw string) (*Claims, error) {
	var claims Claims
	_, err := v.parser.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("token has no kid")
		}
		return v.keys.PublicKey(ctx, kid)
	})
	if err != nil {
		return nil, fmt.Errorf("auth: invalid token: %w", err)
	}
	if claims.Subject == "" || claims.SID == "" || claims.IssuedAt == nil {
		return nil, errors.New("auth: invalid token: no subject, session or time of issue")
	}
	claims.issued = Issued{SessionID: claims.SID, SessionKey: RevocationKey(claims.SID),
		UserID: claims.Subject, At: claims.IssuedAt.Time}
	return &claims, nil
}

// Verify finds the caller of r: the Bearer token when there is one, else the
// access-token cookie.
func (v *TokenVerifier) Verify(r *http.Request) (*User, error) {
	raw, _ := TokenFromRequest(r)
	if raw == "" {
		return nil, nil
	}
	return v.VerifyToken(r.Context(), raw)
}

// TokenFromRequest returns the session token of r and whether it came as a Bearer
// header (which is exempt from the CSRF check).
func TokenFromRequest(r *http.Request) (token string, bearer bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(tok), true
		}
	}
	if c, err := r.Cookie(AccessCookie); err == nil {
		return c.Value, false
	}
	return "", false
}

// IsBearer reports whether r authenticates with an Authorization: Bearer header.
func IsBearer(r *http.Request) bool {
	_, bearer := TokenFromRequest(r)
	return bearer
}
