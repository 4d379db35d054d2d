package gateway

import (
	"sync"
	"time"
)

// State is where a circuit breaker stands.
type State int

// Breaker states.
const (
	Closed   State = iota // calls go through
	Open                  // calls are refused until the cool-down ends
	HalfOpen              // one probe call is out; the rest are refused
)

func (s State) String() string {
	switch s {
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return "closed"
}

// Outcome is what a call that the breaker let through came to.
type Outcome int

// Call outcomes.
const (
	Success Outcome = iota
	Failure
	// Ignored is a call that says nothing about the service (the caller went away);
	// a probe ending this way frees the probe slot for the next caller.
	Ignored
)

// Breaker stops calling a service that keeps failing, so a dead or hung service is
// not hammered and callers get their answer at once: after Threshold consecutive
// failures it opens; after Cooldown it lets one probe through; the probe's success
// closes it, its failure opens it again.
type Breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu       sync.Mutex
	state    State
	failures int       // consecutive
	openedAt time.Time // start of the current cool-down
	probeAt  time.Time // when the half-open probe left
}

// NewBreaker opens after threshold consecutive failures and probes after cooldown.
func NewBreaker(threshold int, cooldown time.Duration) *Breaker {
	return &Breaker{threshold: max(threshold, 1), cooldown: cooldown, now: time.Now}
}

// Allow reports whether a call may go out now. A caller that is allowed must Record
// the outcome.
func (b *Breaker) Allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	switch b.state {
	case Closed:
		return true
	case Open:
		if now.Sub(b.openedAt) < b.cooldown {
			return false
		}
		b.state, b.probeAt = HalfOpen, now
		return true
	default:
		// A probe whose outcome never came back must not hold the breaker forever.
		if now.Sub(b.probeAt) >= b.cooldown {
			b.probeAt = now
			return true
		}
		return false
	}
}

// Record reports the outcome of an allowed call.
func (b *Breaker) Record(o Outcome) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch o {
	case Success:
		b.state, b.failures = Closed, 0
	case Failure:
		b.failures++
		if b.state == HalfOpen || b.failures >= b.threshold {
			b.state, b.openedAt = Open, b.now()
		}
	case Ignored:
		if b.state == HalfOpen {
			// Let the next caller probe at once.
			b.probeAt = time.Time{}
		}
	}
}

// State is the breaker's position now.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state
}

// Healthy reports whether the last call succeeded and the breaker is closed: the
// service may be trusted to answer a background refresh.
func (b *Breaker) Healthy() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state == Closed && b.failures == 0
}
