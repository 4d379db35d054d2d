package cache

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// VersionPath is where a service tells whoever keeps its answers that its data
// changed, so they need not ask it on every use.
const VersionPath = "/api/data-version"

// VersionAnswer is VersionPath's answer.
type VersionAnswer struct {
	// Version is opaque: it differs whenever any answer of the service may differ
	// (its data or its build).
	Version string `json:"version"`
}

// versionWait is how long an unchanged version is waited on before it is answered
// anyway: under the 15 s a caller like the portal waits for an answer to begin, so a
// quiet service never looks like a stuck one.
const versionWait = 10 * time.Second

// How often the version is checked while anyone waits. On SQLite a commit this
// process begins is announced (db.CommitBegun) and the version is then checked each
// settleEvery until it moves, settleChecks times at most; other processes' commits
// (an operator's command), and a commit slower to land than that, are seen within
// quietCheckEvery. On PostgreSQL, where other replicas write too, it is
// read every readCheckEvery: NOTIFY from the version's trigger would tell at once,
// but makes every writing commit in the cluster queue on one lock.
const (
	settleEvery     = time.Millisecond
	settleChecks    = 50
	quietCheckEvery = time.Second
	readCheckEvery  = 50 * time.Millisecond
)

// versionWatch is one loop per cache that checks for a change while anyone waits
// for one, however many do.
type versionWatch struct {
	mu      sync.Mutex
	waiters int
	running bool // the loop runs
	// changed is closed when the loop sees the version move, and replaced.
	changed chan struct{}
}

// wait registers a waiter and returns the channel that closes at the next change
// the loop sees, and the waiter's leave. A loop it starts has read the version before
// the waiter reads it, so a change between the two is still a move to the loop.
func (c *Cache) wait() (<-chan struct{}, func()) {
	w := &c.watch
	w.mu.Lock()
	start := !w.running
	if start {
		w.running = true
		w.changed = make(chan struct{})
	}
	w.waiters++
	changed := w.changed
	w.mu.Unlock()
	if start {
		begun := c.db.CommitBegun()
		v, err := c.checkVersion()
		go c.watchVersion(begun, v, err)
	}
	return changed, func() {
		w.mu.Lock()
		w.waiters--
		w.mu.Unlock()
	}
}

// checkVersion reads the version for the loop, bounded: a database that stops
// answering is a failed reading (news to the waiters), not a loop held for good.
func (c *Cache) checkVersion() (Version, error) {
	ctx, cancel := context.WithTimeout(context.Background(), checkWait)
	defer cancel()
	return c.readVersion(ctx)
}

// checkWait bounds one reading of the version by the loop.
const checkWait = 5 * time.Second

// watchVersion checks the version until no one waits, closing the current changed
// channel at each move from last.
func (c *Cache) watchVersion(begun <-chan struct{}, last Version, lastErr error) {
	every := readCheckEvery
	if begun != nil {
		every = quietCheckEvery
	}
	timer := time.NewTimer(every)
	defer timer.Stop()
	settling := 0 // checks left to see a begun commit land
	for {
		select {
		case <-begun:
			begun = c.db.CommitBegun()
			// Commits begun back to back must not keep the next check away.
			if settling == 0 {
				timer.Reset(settleEvery)
			}
			settling = settleChecks
			continue
		case <-timer.C:
		}
		v, err := c.checkVersion()
		moved := (err == nil) != (lastErr == nil) || v != last // a reading that fails or recovers is news too
		last, lastErr = v, err
		if moved || settling == 0 {
			settling = 0
			timer.Reset(every)
		} else {
			settling--
			timer.Reset(settleEvery)
		}
		w := &c.watch
		w.mu.Lock()
		if moved {
			close(w.changed)
			w.changed = make(chan struct{})
		}
		if w.waiters == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
	}
}

// ServeVersion answers the data's version at once when it differs from ?after=, and
// otherwise as soon as it changes, or unchanged after a while.
func (c *Cache) ServeVersion(w http.ResponseWriter, r *http.Request) {
	after := r.URL.Query().Get("after")
	if len(after) > 64 {
		web.WriteError(w, r, errs.Invalid(map[string]string{"after": "at most 64 characters"}))
		return
	}
	ctx := r.Context()
	giveUp := time.NewTimer(versionWait)
	defer giveUp.Stop()
	for {
		changed, leave := c.wait()
		v, err := c.readVersion(ctx)
		if err != nil {
			leave()
			web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, "The data's version could not be read. Please try again."))
			return
		}
		now := build + "." + strconv.FormatInt(v.N, 36)
		if now != after {
			leave()
			w.Header().Set("Cache-Control", "no-store")
			web.WriteJSON(w, http.StatusOK, VersionAnswer{Version: now})
			return
		}
		select {
		case <-changed:
		case <-giveUp.C:
			after = "" // answer what stands
		case <-web.Stopping(ctx):
			after = ""
		case <-ctx.Done():
			leave()
			return
		}
		leave()
	}
}
