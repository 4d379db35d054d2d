package site

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"stepperslife/internal/kit/cache"
)

// Item pages are kept per state of their service's answer. Asking the service on
// every visit whether that answer still stands (a 304) made an item page cost more
// than the home page: two hops where one would do. Instead the portal hears each
// service's data version as it changes (one long poll a service, cache.VersionPath)
// and shows a kept answer without asking while no change was heard since the service
// last confirmed it — for at most trustFor, so what turns with the clock (sales that
// close, "starts in an hour"), or a change heard late, is never shown for longer.
const trustFor = time.Second

// askGap is the least time between two asks of one service's version: a service
// whose data changes all the time (or replicas of two releases behind one address)
// answers at once every time, and is then heard at most this often.
const askGap = 50 * time.Millisecond

// itemServices are the services whose item pages the portal keeps.
var itemServices = []string{"events", "restaurants", "classes", "store", "services"}

// hearing is what the portal last heard of one service's version.
type hearing struct {
	version atomic.Pointer[string] // nil while not listening
}

// standing is a service's word that a kept answer stood.
type standing struct {
	version string    // the service's version heard before it was asked
	at      time.Time // when it was asked
}

func newHearings(known func(string) bool) map[string]*hearing {
	hs := map[string]*hearing{}
	for _, name := range itemServices {
		if known(name) {
			hs[name] = &hearing{}
		}
	}
	return hs
}

// heardVersion is the service's version as last heard, "" while not listening.
func (s *Site) heardVersion(service string) string {
	if h := s.hearings[service]; h != nil {
		if v := h.version.Load(); v != nil {
			return *v
		}
	}
	return ""
}

// stands reports whether an answer the service confirmed with c may be shown again
// without asking.
func (s *Site) stands(service string, c *standing) bool {
	return c != nil && c.version != "" && c.version == s.heardVersion(service) && time.Since(c.at) < s.trust
}

// Listen hears every item service's version until ctx ends. Without it item pages
// ask their service on every visit.
func (s *Site) Listen(ctx context.Context) {
	var wg sync.WaitGroup
	for name, h := range s.hearings {
		wg.Go(func() { s.listen(ctx, name, h) })
	}
	wg.Wait()
}

func (s *Site) listen(ctx context.Context, service string, h *hearing) {
	defer h.version.Store(nil)
	var after string
	var pause time.Duration
	for ctx.Err() == nil {
		asked := time.Now()
		v, err := s.askVersion(ctx, service, after)
		if err != nil {
			// Nothing heard is nothing trusted: visits ask until the service answers.
			h.version.Store(nil)
			after = ""
			pause = min(max(2*pause, 250*time.Millisecond), 5*time.Second)
			select {
			case <-ctx.Done():
			case <-time.After(pause):
			}
			continue
		}
		pause = 0
		h.version.Store(&v)
		after = v
		if rest := askGap - time.Since(asked); rest > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(rest):
			}
		}
	}
}

// askVersion waits for the service's version to differ from after.
func (s *Site) askVersion(ctx context.Context, service, after string) (string, error) {
	// The service answers within 10 s even when nothing changes.
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := s.up.NewRequest(ctx, service, http.MethodGet, cache.VersionPath+"?after="+url.QueryEscape(after), nil, "")
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.up.Client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: data version: %s", service, resp.Status)
	}
	var got cache.VersionAnswer
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<10)).Decode(&got); err != nil || got.Version == "" {
		return "", fmt.Errorf("%s: data version: unreadable answer", service)
	}
	return got.Version, nil
}
