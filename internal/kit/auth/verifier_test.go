package auth

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const testIssuer = "http://portal.test"

type staticKeys map[string]ed25519.PublicKey

func (s staticKeys) PublicKey(_ context.Context, kid string) (ed25519.PublicKey, error) {
	if k, ok := s[kid]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

func newKey(t testing.TB) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func goodClaims() *Claims {
	now := time.Now()
	return &Claims{Email: "ann@example.com", Name: "Ann", Roles: []string{RoleUser}, SID: "sess1",
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: testIssuer, Subject: "user1", Audience: jwt.ClaimStrings{Audience},
			IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
		}}
}

func sign(t testing.TB, kid string, priv ed25519.PrivateKey, c *Claims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyAcceptsGoodToken(t *testing.T) {
	pub, priv := newKey(t)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	u, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, goodClaims()))
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != "user1" || u.Email != "ann@example.com" || u.SessionID != "sess1" || !u.Has(RoleUser) {
		t.Fatalf("user = %+v", u)
	}
	// Within the leeway, a just-expired token still passes: clocks drift.
	c := goodClaims()
	c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-10 * time.Second))
	if _, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, c)); err != nil {
		t.Fatalf("token inside leeway refused: %v", err)
	}
}

// TestVerifyRefusesForgeries is the forgery suite: every way of bending a token must
// be refused.
func TestVerifyRefusesForgeries(t *testing.T) {
	pub, priv := newKey(t)
	_, otherPriv := newKey(t)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	good := sign(t, "k1", priv, goodClaims())
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding

	with := func(edit func(c *Claims)) string {
		c := goodClaims()
		edit(c)
		return sign(t, "k1", priv, c)
	}
	cases := map[string]string{
		"empty":     "",
		"garbage":   "not.a.token",
		"two parts": parts[0] + "." + parts[1],
		"changed signature": func() string {
			sig, _ := b64.DecodeString(parts[2])
			sig[0] ^= 1
			return parts[0] + "." + parts[1] + "." + b64.EncodeToString(sig)
		}(),
		"changed claims": func() string {
			payload, _ := b64.DecodeString(parts[1])
			forged := strings.Replace(string(payload), `"roles":["USER"]`, `"roles":["ADMIN"]`, 1)
			if forged == string(payload) {
				t.Fatal("payload not rewritten")
			}
			return parts[0] + "." + b64.EncodeToString([]byte(forged)) + "." + parts[2]
		}(),
		"alg none": func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodNone, goodClaims())
			tok.Header["kid"] = "k1"
			s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}(),
		"HS256 keyed with the public key": func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, goodClaims())
			tok.Header["kid"] = "k1"
			s, err := tok.SignedString([]byte(pub))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}(),
		"signed by another key under our kid": sign(t, "k1", otherPriv, goodClaims()),
		"unknown kid":                         sign(t, "k2", priv, goodClaims()),
		"no kid": func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, goodClaims())
			s, _ := tok.SignedString(priv)
			return s
		}(),
		"expired":        with(func(c *Claims) { c.ExpiresAt = jwt.NewNumericDate(time.Now().Add(-2 * time.Minute)) }),
		"no expiry":      with(func(c *Claims) { c.ExpiresAt = nil }),
		"not yet valid":  with(func(c *Claims) { c.NotBefore = jwt.NewNumericDate(time.Now().Add(5 * time.Minute)) }),
		"issued later":   with(func(c *Claims) { c.IssuedAt = jwt.NewNumericDate(time.Now().Add(5 * time.Minute)) }),
		"wrong issuer":   with(func(c *Claims) { c.Issuer = "http://evil.test" }),
		"no issuer":      with(func(c *Claims) { c.Issuer = "" }),
		"wrong audience": with(func(c *Claims) { c.Audience = jwt.ClaimStrings{"other-app"} }),
		"no audience":    with(func(c *Claims) { c.Audience = nil }),
		"no subject":     with(func(c *Claims) { c.Subject = "" }),
		"no session":     with(func(c *Claims) { c.SID = "" }),
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			if u, err := v.VerifyToken(context.Background(), tok); err == nil || u != nil {
				t.Fatalf("forged token accepted: user %+v", u)
			}
		})
	}
	if _, err := v.VerifyToken(context.Background(), good); err != nil {
		t.Fatalf("the untouched token must still pass: %v", err)
	}
}

func TestVerifyRefusesEndedSession(t *testing.T) {
	pub, priv := newKey(t)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	revoked := map[string]bool{"sess1": true}
	v.Check = func(_ context.Context, t Issued) ([]string, error) {
		if revoked[t.SessionID] {
			return nil, ErrSessionEnded
		}
		return nil, nil
	}
	if _, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, goodClaims())); err == nil {
		t.Fatal("token of a revoked session accepted")
	}
	delete(revoked, "sess1")
	if _, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, goodClaims())); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyRequestSources(t *testing.T) {
	pub, priv := newKey(t)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	tok := sign(t, "k1", priv, goodClaims())

	r := httptest.NewRequest(http.MethodGet, "/api/me", nil)
	if u, err := v.Verify(r); u != nil || err != nil {
		t.Fatalf("no credentials: %v %v", u, err)
	}
	r.Header.Set("Authorization", "Bearer "+tok)
	if u, err := v.Verify(r); err != nil || u == nil {
		t.Fatalf("bearer: %v", err)
	}
	r = httptest.NewRequest(http.MethodGet, "/api/me", nil)
	r.AddCookie(&http.Cookie{Name: AccessCookie, Value: tok})
	if u, err := v.Verify(r); err != nil || u == nil {
		t.Fatalf("cookie: %v", err)
	}
	// A bad Bearer token is not rescued by a good cookie.
	r.Header.Set("Authorization", "Bearer x.y.z")
	if u, err := v.Verify(r); err == nil || u != nil {
		t.Fatal("bad bearer accepted")
	}
}

// BenchmarkVerify measures the steady state of a service: the same browser's token
// verified request after request.
func BenchmarkVerify(b *testing.B) {
	pub, priv := newKey(b)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	tok := sign(b, "k1", priv, goodClaims())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyToken(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyFirstSight measures a token seen for the first time: parse, Ed25519
// signature, claims (bounded below by ed25519.Verify itself).
func BenchmarkVerifyFirstSight(b *testing.B) {
	pub, priv := newKey(b)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	tok := sign(b, "k1", priv, goodClaims())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		v.seen = newVerifiedCache(verifiedCacheSize)
		if _, err := v.VerifyToken(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

func TestVerifiedCacheHonoursExpiry(t *testing.T) {
	pub, priv := newKey(t)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	c := goodClaims()
	tok := sign(t, "k1", priv, c)
	if _, err := v.VerifyToken(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	if _, ok := v.seen.get(tok, time.Now()); !ok {
		t.Fatal("verified token not cached")
	}
	if _, ok := v.seen.get(tok, c.ExpiresAt.Add(Leeway+time.Second)); ok {
		t.Fatal("cached token outlived its expiry")
	}
	small := newVerifiedCache(2)
	for i := range 5 {
		small.put(strings.Repeat("x", i+1), goodClaims())
	}
	if len(small.entries) > 2 {
		t.Fatalf("cache grew past its bound: %d", len(small.entries))
	}
}
