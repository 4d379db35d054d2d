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
