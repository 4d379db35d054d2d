package auth

import (
	"sync"
	"time"
)

// verifiedCacheSize bounds the cache of verified tokens (about 1 KiB each).
const verifiedCacheSize = 10000

// verifiedCache remembers tokens whose signature and claims were already checked, by
// their exact text, until they expire. A browser sends the same token for up to
// AccessTTL, and an Ed25519 verification costs ~50µs of CPU; an exact-match lookup
// cannot be fooled because any changed byte is a different key.
type verifiedCache struct {
	mu      sync.RWMutex
	max     int
	entries map[string]*Claims
}

func newVerifiedCache(max int) *verifiedCache {
	return &verifiedCache{max: max, entries: make(map[string]*Claims)}
}

func (c *verifiedCache) get(raw string, now time.Time) (*Claims, bool) {
	c.mu.RLock()
	claims, ok := c.entries[raw]
	c.mu.RUnlock()
	if !ok || !stillValid(claims, now) {
		return nil, false
	}
	return claims, true
}

// stillValid repeats the time checks a cached token passed when it was verified.
func stillValid(c *Claims, now time.Time) bool {
	if c.ExpiresAt == nil || !now.Before(c.ExpiresAt.Add(Leeway)) {
		return false
	}
	return c.NotBefore == nil || !now.Add(Leeway).Before(c.NotBefore.Time)
}

func (c *verifiedCache) put(raw string, claims *Claims) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		now := time.Now()
		for k, v := range c.entries {
			if !stillValid(v, now) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= c.max {
			clear(c.entries)
		}
	}
	c.entries[raw] = claims
}
