package cache

import (
	"context"
	"database/sql"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"stepperslife/internal/kit/db"
)

// maxEntries bounds the cache: keys include search words, which callers choose.
const maxEntries = 1024

// Cache holds answers by key, each valid for one stamp.
type Cache struct {
	db  *db.DB
	now func() time.Time

	version atomic.Pointer[sql.Stmt]      // the version's query, prepared once
	marked  atomic.Pointer[markedVersion] // the version last read, under the commit mark it was read at
	watch   versionWatch                  // tells waiters of a change (ServeVersion)
	reads   sharedReads                   // version reads shared by requests arriving at once

	flights singleflight.Group
	mu      sync.RWMutex
	entries map[string]entry
}

type entry struct {
	stamp string
	val   any
}

// New caches answers computed from d's data; now is the service's clock (nil: the
// system's), which places answers that change with time in their window. d may be
// nil when every stamp comes from elsewhere (Tag): the portal keeps pages under the
// versions of the services' answers they show.
func New(d *db.DB, now func() time.Time) *Cache {
	if now == nil {
		now = time.Now
	}
	return &Cache{db: d, now: now, entries: map[string]entry{}}
}

// Stamp names the state an answer is computed from: the data version, the build (a
// new release may draw the same data differently) and, for answers that change with
// the clock (what is upcoming, what is open now), the window of that length they
// fall in; window 0 means the answer depends on the data alone. It also says since
// when that state holds, for Last-Modified.
type Stamp struct {
	Tag      string
	Modified time.Time
}

// Stamp reads the version (one single-row read) and makes the stamp.
func (c *Cache) Stamp(ctx context.Context, window time.Duration) (Stamp, error) {
	v, err := c.readVersion(ctx)
	if err != nil {
		return Stamp{}, err
	}
	tag := build + "." + strconv.FormatInt(v.N, 36)
	mod := v.Changed
	if window > 0 {
		start := c.now().Truncate(window)
		tag += "." + strconv.FormatInt(start.Unix(), 36)
		if start.After(mod) {
			mod = start
		}
	}
	return Stamp{Tag: tag, Modified: mod}, nil
}

// Tag names a state made of parts (versions of the answers a page is drawn from),
// with the build, as a short stamp tag.
func Tag(parts ...string) string {
	// FNV-1a over each part and a zero byte after it, read in place: a page's
	// stamp is made on every request.
	const offset64, prime64 = 14695981039346656037, 1099511628211
	h := uint64(offset64)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= prime64
		}
		h *= prime64 // the zero byte: xor with 0 changes nothing
	}
	return build + "." + strconv.FormatUint(h, 36)
}

// Get returns the answer under key computed for stamp, computing it when there is
// none. Concurrent callers missing the same key and stamp share one computation,
// which is not cut short when its first caller leaves. Errors are not kept.
func Get[T any](ctx context.Context, c *Cache, key string, s Stamp, compute func(context.Context) (T, error)) (T, error) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if ok && e.stamp == s.Tag {
		return e.val.(T), nil
	}
	v, err, _ := c.flights.Do(key+"\x00"+s.Tag, func() (any, error) {
		val, err := compute(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		c.put(key, entry{stamp: s.Tag, val: val})
		return val, nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// Peek returns the answer last kept under key, whatever state it was computed for:
// a caller that learns the state from the answer's owner (an ETag it revalidates)
// asks with what it holds.
func Peek[T any](c *Cache, key string) (T, bool) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	v, isT := e.val.(T)
	return v, ok && isT
}

func (c *Cache) put(key string, e entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxEntries {
		// Any entry may go: a missing one is only computed again.
		for k := range c.entries {
			delete(c.entries, k)
			if len(c.entries) < maxEntries*3/4 {
				break
			}
		}
	}
	c.entries[key] = e
}

// build names this program's build; a process start time when the build carries
// no revision (go run), which only costs revalidations after a restart.
var build = func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, modified := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if len(rev) >= 12 && !modified {
			return rev[:12]
		}
	}
	return strconv.FormatInt(time.Now().UnixNano(), 36)
}()
