// Package loop runs a service's background jobs: a unit of work done at once, then
// on every tick or whenever something kicks it, until the service stops.
//
// Every replica of a service runs every loop on the one shared database, so each
// unit of work claims what it does in the database and nowhere else: an atomic
// conditional UPDATE (… WHERE status = old) in the transaction that does the work,
// a lease (the outbox's claimed-until time) for work that leaves the transaction,
// or an advisory lock for work done by one replica at a time (key rotation). A
// replica that dies mid-job loses its transaction or lets its lease lapse, and
// another picks the job up; SQLite runs one process and one writer anyway.
package loop

import (
	"context"
	"time"
)

// Kick wakes a loop early. A kick while the loop is busy is kept (one at most) so
// work that arrived during a run is never left for the next tick; the zero Kick
// wakes nothing.
type Kick struct{ ch chan struct{} }

// NewKick is a kick for one loop.
func NewKick() Kick { return Kick{ch: make(chan struct{}, 1)} }

// Now wakes the loop; it never blocks.
func (k Kick) Now() {
	if k.ch == nil {
		return
	}
	select {
	case k.ch <- struct{}{}:
	default:
	}
}

// Run calls work at once, then every interval and on every kick, until ctx ends.
// work reports its own failures: a loop never stops because one run failed.
func Run(ctx context.Context, every time.Duration, kick Kick, work func(ctx context.Context)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if ctx.Err() != nil {
			return
		}
		work(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-kick.ch:
		}
	}
}
