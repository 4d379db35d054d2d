package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type jwksServer struct {
	mu      sync.Mutex
	doc     JWKS
	down    bool
	fetches atomic.Int32
}

func (s *jwksServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.fetches.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	_ = json.NewEncoder(w).Encode(s.doc)
}

func (s *jwksServer) set(down bool, keys ...JWK) {
	s.mu.Lock()
	s.down, s.doc = down, JWKS{Keys: keys}
	s.mu.Unlock()
}

func TestJWKSCacheFetchesLazilyAndRateLimitsUnknownKids(t *testing.T) {
	pub1, priv1 := newKey(t)
	pub2, priv2 := newKey(t)
	srv := &jwksServer{}
	srv.set(true) // the portal is down when the service starts
	ts := httptest.NewServer(srv)
	defer ts.Close()

	clock := time.Unix(1_700_000_000, 0)
	cache := NewJWKSCache(ts.URL+JWKSPath, ts.Client())
	cache.now = func() time.Time { return clock }
	v := NewTokenVerifier(testIssuer, cache)
	ctx := context.Background()
	if srv.fetches.Load() != 0 {
		t.Fatal("keys fetched before any token arrived")
	}
	if _, err := v.VerifyToken(ctx, sign(t, "k1", priv1, goodClaims())); err == nil {
		t.Fatal("verified with the portal down")
	}
	// The portal comes back; within the refetch interval nothing is asked.
	srv.set(false, PublicJWK("k1", pub1))
	if _, err := v.VerifyToken(ctx, sign(t, "k1", priv1, goodClaims())); err == nil {
		t.Fatal("refetched inside the interval")
	}
	clock = clock.Add(DefaultRefetchInterval + time.Second)
	if _, err := v.VerifyToken(ctx, sign(t, "k1", priv1, goodClaims())); err != nil {
		t.Fatalf("after the portal came back: %v", err)
	}
	before := srv.fetches.Load()
	for range 50 {
		if _, err := v.VerifyToken(ctx, sign(t, "k1", priv1, goodClaims())); err != nil {
			t.Fatal(err)
		}
	}
	// A flood of unknown kids causes at most one fetch per interval.
	for range 50 {
		if _, err := v.VerifyToken(ctx, sign(t, "kX", priv1, goodClaims())); !errors.Is(err, ErrUnknownKey) {
			t.Fatalf("unknown kid: %v", err)
		}
	}
	if got := srv.fetches.Load() - before; got > 1 {
		t.Fatalf("%d fetches for known and unknown kids, want at most 1", got)
	}
	// Rotation: a new kid is picked up on the next allowed fetch.
	srv.set(false, PublicJWK("k1", pub1), PublicJWK("k2", pub2))
	clock = clock.Add(DefaultRefetchInterval + time.Second)
	if _, err := v.VerifyToken(ctx, sign(t, "k2", priv2, goodClaims())); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
}

func TestJWKIgnoresForeignKeys(t *testing.T) {
	pub, _ := newKey(t)
	good := PublicJWK("k1", pub)
	if _, err := good.Ed25519(); err != nil {
		t.Fatal(err)
	}
	bad := []JWK{
		{Kty: "RSA", Crv: "Ed25519", X: good.X, Kid: "k"},
		{Kty: "OKP", Crv: "X25519", X: good.X, Kid: "k"},
		{Kty: "OKP", Crv: "Ed25519", X: good.X},
		{Kty: "OKP", Crv: "Ed25519", X: "AAAA", Kid: "k"},
		{Kty: "OKP", Crv: "Ed25519", X: good.X, Kid: "k", Alg: "HS256"},
	}
	for i, k := range bad {
		if _, err := k.Ed25519(); err == nil {
			t.Errorf("bad key %d accepted", i)
		}
	}
}
