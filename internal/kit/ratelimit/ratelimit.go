// Package ratelimit is a small in-memory sliding-window limiter, for guarding
// sign-in and registration per client address and per account in one process.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows at most Limit events per key within any Window.
type Limiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	events map[string][]time.Time // oldest first, at most limit entries
	sweep  time.Time
}

// New makes a limiter of limit events per window.
func New(limit int, window time.Duration) *Limiter {
	return &Limiter{limit: max(limit, 1), window: window, now: time.Now, events: map[string][]time.Time{}}
}

// SetClock replaces the clock, for tests.
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }

// Allow records one event for key when the window has room. Otherwise it records
// nothing and says how long until the oldest event leaves the window.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.maybeSweep(now)
	ev := l.live(key, now)
	if len(ev) >= l.limit {
		return false, ev[0].Add(l.window).Sub(now)
	}
	l.events[key] = append(ev, now)
	return true, 0
}

// Blocked reports, without recording anything, whether key has no room left.
func (l *Limiter) Blocked(key string) (blocked bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ev := l.live(key, now)
	if len(ev) >= l.limit {
		return true, ev[0].Add(l.window).Sub(now)
	}
	return false, 0
}

// Reset forgets key (a successful sign-in clears its failures).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.events, key)
	l.mu.Unlock()
}

// live drops key's events that left the window.
func (l *Limiter) live(key string, now time.Time) []time.Time {
	ev := l.events[key]
	i := 0
	for i < len(ev) && !ev[i].After(now.Add(-l.window)) {
		i++
	}
	if i == len(ev) {
		delete(l.events, key)
		return nil
	}
	ev = ev[i:]
	l.events[key] = ev
	return ev
}

// maybeSweep drops idle keys once per window so memory follows recent traffic.
func (l *Limiter) maybeSweep(now time.Time) {
	if now.Sub(l.sweep) < l.window {
		return
	}
	l.sweep = now
	for k := range l.events {
		l.live(k, now)
	}
}

// Len is the number of keys held, for tests and metrics.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}
