package auth

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"stepperslife/internal/kit/tracing"
)

// JWKS cache timings.
const (
	// DefaultRefetchInterval bounds refetches caused by unknown kids, so a flood of
	// forged kids cannot turn into a flood of calls to the portal.
	DefaultRefetchInterval = 30 * time.Second
	// DefaultKeysMaxAge is how long fetched keys are trusted before a background
	// refresh, so a key the portal withdrew stops verifying.
	DefaultKeysMaxAge = time.Hour
	fetchTimeout      = 5 * time.Second
	maxJWKSBytes      = 1 << 20
)

// JWKSCache is a KeySource that fetches the portal's JWKS lazily and caches it. A
// service starts even when the portal is down; keys arrive with the first token.
type JWKSCache struct {
	url             string
	client          *http.Client
	RefetchInterval time.Duration
	MaxAge          time.Duration

	keys      atomic.Pointer[keySet]
	mu        sync.Mutex // one fetch at a time
	lastFetch time.Time  // guarded by mu
	now       func() time.Time
}

type keySet struct {
	byKid     map[string]ed25519.PublicKey
	fetchedAt time.Time
}

// NewJWKSCache caches the JWKS at url; client nil means a client with a timeout.
func NewJWKSCache(url string, client *http.Client) *JWKSCache {
	if client == nil {
		client = &http.Client{Timeout: fetchTimeout, Transport: tracing.Transport(nil)}
	}
	c := &JWKSCache{url: url, client: client, RefetchInterval: DefaultRefetchInterval,
		MaxAge: DefaultKeysMaxAge, now: time.Now}
	c.keys.Store(&keySet{})
	return c
}

// PublicKey returns the key for kid, fetching the JWKS when kid is unknown and the
// last fetch is older than RefetchInterval.
func (c *JWKSCache) PublicKey(ctx context.Context, kid string) (ed25519.PublicKey, error) {
	set := c.keys.Load()
	if k, ok := set.byKid[kid]; ok {
		if c.now().Sub(set.fetchedAt) > c.MaxAge && c.mu.TryLock() {
			go func() {
				defer c.mu.Unlock()
				_ = c.fetchLocked(context.Background())
			}()
		}
		return k, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.keys.Load().byKid[kid]; ok {
		return k, nil // fetched by another caller while this one waited
	}
	if !c.lastFetch.IsZero() && c.now().Sub(c.lastFetch) < c.RefetchInterval {
		return nil, ErrUnknownKey
	}
	if err := c.fetchLocked(ctx); err != nil {
		return nil, err
	}
	if k, ok := c.keys.Load().byKid[kid]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

func (c *JWKSCache) fetchLocked(ctx context.Context) error {
	c.lastFetch = c.now()
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("auth: fetch signing keys: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("auth: fetch signing keys: %s answered %d", c.url, resp.StatusCode)
	}
	var doc JWKS
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxJWKSBytes)).Decode(&doc); err != nil {
		return fmt.Errorf("auth: signing keys: %w", err)
	}
	set := &keySet{byKid: make(map[string]ed25519.PublicKey, len(doc.Keys)), fetchedAt: c.now()}
	for _, k := range doc.Keys {
		if pub, err := k.Ed25519(); err == nil {
			set.byKid[k.Kid] = pub
		}
	}
	c.keys.Store(set)
	return nil
}
