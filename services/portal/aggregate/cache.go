package aggregate

import (
	"sync"
	"time"

	"stepperslife/internal/kit/feed"
)

// Freshness of a cached section.
type Freshness int

// A cached section is fresh (served as it is), usable (served when the service
// cannot give a newer one, or while a newer one is fetched) or missing.
const (
	Missing Freshness = iota
	Usable
	Fresh
)

// Entry is one service's last good answer.
type Entry struct {
	Items []feed.Item
	JSON  []byte // Items encoded once, so a warm feed costs no encoding
	At    time.Time
	// ETag is the service's validator of this answer, sent back on the next refresh
	// so an unchanged feed costs the service one version read and no body.
	ETag string
	// Version names these items: the ETag, or a hash of JSON from a service that
	// gives none. Pages built from sections are kept under their versions.
	Version string
}

// Cache keeps the last good answer per key for a short while. It is bounded by its
// keys: one per service and page size.
type Cache struct {
	fresh, usable time.Duration
	now           func() time.Time

	mu      sync.RWMutex
	entries map[string]*Entry
}

// NewCache serves entries as fresh for fresh and as usable-stale until usable.
func NewCache(fresh, usable time.Duration) *Cache {
	return &Cache{fresh: fresh, usable: max(usable, fresh), now: time.Now, entries: map[string]*Entry{}}
}

// Get returns the entry under key and how fresh it is.
func (c *Cache) Get(key string) (*Entry, Freshness) {
	c.mu.RLock()
	e := c.entries[key]
	c.mu.RUnlock()
	if e == nil {
		return nil, Missing
	}
	age := c.now().Sub(e.At)
	switch {
	case age < c.fresh:
		return e, Fresh
	case age < c.usable:
		return e, Usable
	}
	return nil, Missing
}

// Last returns the entry under key however old, to revalidate it.
func (c *Cache) Last(key string) *Entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.entries[key]
}

// Put stores e under key, unless a newer answer is already there.
func (c *Cache) Put(key string, e *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[key]; old != nil && old.At.After(e.At) {
		return
	}
	c.entries[key] = e
	// Expired entries go when the map grows past its natural size.
	if len(c.entries) > 1024 {
		now := c.now()
		for k, v := range c.entries {
			if now.Sub(v.At) >= c.usable {
				delete(c.entries, k)
			}
		}
	}
}
