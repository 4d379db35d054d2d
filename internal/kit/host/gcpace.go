package host

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// The collector keeps pace with the load. At rest a service collects at Go's usual
// pace (GOGC=100), so an idle platform holds the least memory. Under a stream of
// requests collections come many times a second, and each takes CPU from the
// answers and holds some of them up; then the heap may grow to five times what is
// live (some tens of megabytes for a service) and collections come a quarter as
// often. When collections have stopped for a while the load is over: the usual pace
// comes back and the memory the busy heap took is given back to the system at once.
const (
	restingGCPercent = 100
	busyGCPercent    = 400
	// busyGCGap: collections this close together, busyGCRun times running, are load.
	busyGCGap = 250 * time.Millisecond
	busyGCRun = 4
	// restAfter without a collection, the load is over.
	restAfter = 2 * time.Second
)

// gcPacer decides the pace from the times collections end.
type gcPacer struct {
	setPercent func(int) int // debug.SetGCPercent
	rest       func()        // what a return to rest does besides the pace: give memory back
	restAfter  time.Duration

	mu      sync.Mutex
	last    time.Time
	quick   int // collections running, each within busyGCGap of the one before
	busy    bool
	resting *time.Timer
	stopped bool
}

// collected notes a collection ended at now.
func (p *gcPacer) collected(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	if !p.last.IsZero() && now.Sub(p.last) < busyGCGap {
		p.quick++
	} else {
		p.quick = 0
	}
	p.last = now
	if !p.busy && p.quick >= busyGCRun {
		p.busy = true
		p.setPercent(busyGCPercent)
	}
	if p.busy {
		if p.resting == nil {
			p.resting = time.AfterFunc(p.restAfter, p.settle)
		} else {
			p.resting.Reset(p.restAfter)
		}
	}
}

// settle returns to the resting pace once no collection has come for p.restAfter.
func (p *gcPacer) settle() {
	p.mu.Lock()
	if !p.busy || p.stopped {
		p.mu.Unlock()
		return
	}
	p.busy, p.quick = false, 0
	p.setPercent(restingGCPercent)
	p.mu.Unlock()
	p.rest()
}

// stop ends the pacing at the resting pace.
func (p *gcPacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.resting != nil {
		p.resting.Stop()
	}
	if p.busy {
		p.busy = false
		p.setPercent(restingGCPercent)
	}
}

// gcSentinel is garbage made for each cycle: its finalizer runs once the collection
// that found it unreachable has ended. It is larger than the tiny allocator's blocks,
// which are shared and so finalized late.
type gcSentinel struct{ _ [32]byte }

// paceGC keeps the collector's pace with the load until ctx is done. An operator's
// own GOGC or GOMEMLIMIT is left alone.
func paceGC(ctx context.Context) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	p := &gcPacer{setPercent: debug.SetGCPercent, rest: debug.FreeOSMemory, restAfter: restAfter}
	var watch func()
	watch = func() {
		runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) {
			if ctx.Err() == nil {
				p.collected(time.Now())
				watch()
			}
		})
	}
	watch()
	context.AfterFunc(ctx, p.stop)
}
