package site

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/web"
)

// announcer answers cache.VersionPath as a service does: at once when the caller is
// behind, else when the version changes.
type announcer struct {
	mu      sync.Mutex
	version string
	changed chan struct{}
}

func newAnnouncer(version string) *announcer {
	return &announcer{version: version, changed: make(chan struct{})}
}

func (a *announcer) serve(w http.ResponseWriter, r *http.Request) {
	after := r.URL.Query().Get("after")
	for {
		a.mu.Lock()
		v, changed := a.version, a.changed
		a.mu.Unlock()
		if v != after {
			web.WriteJSON(w, http.StatusOK, cache.VersionAnswer{Version: v})
			return
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		}
	}
}

func (a *announcer) announce(v string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.version = v
	close(a.changed)
	a.changed = make(chan struct{})
}

// waitToHear waits until the site has heard want from service.
func waitToHear(t *testing.T, s *Site, service, want string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); s.heardVersion(service) != want; {
		if time.Now().After(deadline) {
			t.Fatalf("heard %q from %s, want %q", s.heardVersion(service), service, want)
		}
		time.Sleep(time.Millisecond)
	}
}

// While the portal hears its service's version, a kept item page is shown without
// asking the service again until a change is heard or trustFor passes; without
// hearing, every visit asks.
func TestAKeptItemPageStandsUntilItsServiceAnnouncesAChange(t *testing.T) {
	var site *Site
	h, f := newSiteWith(t, func(s *Site) {
		site = s
		s.now = func() time.Time { return restaurantNow } // one window throughout
		s.trust = time.Minute                             // however slowly the visits go
	})
	item := &versioned{}
	item.set(`W/"v1"`, eventAnswer)
	f.answers["events GET /api/events/friday-set"] = item.serve
	events := newAnnouncer("a")
	f.answers["events GET "+cache.VersionPath] = events.serve

	ctx, cancel := context.WithCancel(context.Background())
	listening := make(chan struct{})
	go func() { site.Listen(ctx); close(listening) }()
	defer func() { cancel(); <-listening }()
	waitToHear(t, site, "events", "a")

	asks := func() int { full, matched := item.counts(); return full + matched }
	for range 5 {
		if page, _ := visit(t, h, "/events/friday-set", ""); !strings.Contains(page, "Friday Night Set") {
			t.Fatal("the page lost its event")
		}
	}
	if n := asks(); n != 1 {
		t.Fatalf("five visits asked the service %d times; want once, the rest trusting what was heard", n)
	}

	changed := eventAnswer
	changed.Title = "Friday Night Set — Moved Upstairs"
	item.set(`W/"v2"`, changed)
	events.announce("b")
	waitToHear(t, site, "events", "b")
	if page, _ := visit(t, h, "/events/friday-set", ""); !strings.Contains(page, "Moved Upstairs") {
		t.Fatal("the page is stale after its service announced a change")
	}
	visit(t, h, "/events/friday-set", "")
	if n := asks(); n != 2 {
		t.Fatalf("after the change the service was asked %d times in all; want 2", n)
	}

	// Trust lapses: what turns with the service's clock is never shown for longer.
	site.trust = 20 * time.Millisecond
	time.Sleep(30 * time.Millisecond)
	visit(t, h, "/events/friday-set", "")
	if n := asks(); n != 3 {
		t.Fatalf("after the trust lapsed the service was asked %d times in all; want 3", n)
	}

	// Not hearing the service, the portal asks it on every visit.
	cancel()
	<-listening
	if v := site.heardVersion("events"); v != "" {
		t.Fatalf("still trusting %q after listening stopped", v)
	}
	for range 3 {
		visit(t, h, "/events/friday-set", "")
	}
	if n := asks(); n != 6 {
		t.Fatalf("without hearing, three visits made %d asks in all; want 6", n)
	}
}

// A service that does not answer its version is asked again later, and trusted
// again once it answers.
func TestListeningRecoversFromAServiceThatWasDown(t *testing.T) {
	var site *Site
	_, f := newSiteWith(t, func(s *Site) { site = s })
	var mu sync.Mutex
	down := true
	events := newAnnouncer("a")
	f.answers["events GET "+cache.VersionPath] = func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		d := down
		mu.Unlock()
		if d {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		events.serve(w, r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	listening := make(chan struct{})
	go func() { site.Listen(ctx); close(listening) }()
	defer func() { cancel(); <-listening }()
	for deadline := time.Now().Add(5 * time.Second); f.asked("GET", cache.VersionPath) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the portal never asked the service's version")
		}
		time.Sleep(time.Millisecond)
	}
	if v := site.heardVersion("events"); v != "" {
		t.Fatalf("trusting %q from a service that is down", v)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	waitToHear(t, site, "events", "a")
}
