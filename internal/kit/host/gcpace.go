package host

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// The collector keeps pace with the load. At rest a service collects at the pace it
// started with (Go's usual GOGC=100), so an idle platform holds the least memory.
// Under a stream of requests collections come many times a second, and each takes
// CPU from the answers and holds some of them up; then the heap may grow to five
// times what is live, but never more than busyHeadroom beyond it, and collections
// come up to a quarter as often. When collections have stopped for a while the
// load is over: the resting pace comes back and the memory the busy heap took is
// given back to the system at once. Starting up counts as load: the memory a start
// took is given back the same way.
const (
	maxBusyGCPercent = 400
	busyHeadroom     = 64 << 20
	// busyGCGap: collections this close together, busyGCRun times running, are load.
	busyGCGap = 250 * time.Millisecond
	busyGCRun = 4
	// restAfter without a collection, the load is over.
	restAfter = 2 * time.Second
)

// busyGCPercent is the pace for a heap with live bytes in use: as far towards
// maxBusyGCPercent as busyHeadroom allows, and never slower than resting.
func busyGCPercent(live uint64, resting int) int {
	if live == 0 {
		return maxBusyGCPercent
	}
	return max(resting, min(maxBusyGCPercent, int(busyHeadroom*100/live)))
}

// gcPacer decides the pace from the times collections end.
type gcPacer struct {
	setPercent func(int) int // debug.SetGCPercent
	live       func() uint64 // the heap's live bytes after the last collection
	rest       func()        // what a return to rest does besides the pace: give memory back
	restAfter  time.Duration
	resting    int // the pace at rest, as the process started

	mu      sync.Mutex
	last    time.Time
	cycles  uint64 // collections counted when last heard
	quick   int    // collections running, each within busyGCGap of the one before
	busy    int    // the busy pace set, 0 at rest
	timer   *time.Timer
	stopped bool
}

// starting counts the start the pacer is made in as a burst of work like a load:
// once it is over, what it took is given back as after any other.
func (p *gcPacer) starting() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.busy = p.resting
	p.timer = time.AfterFunc(p.restAfter, p.settle)
}

// collected notes that the collector had completed cycles collections by now.
// Finalizers are not run once a cycle, so a gap is the time since the last one
// heard divided by the cycles in it.
func (p *gcPacer) collected(now time.Time, cycles uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	n := cycles - p.cycles
	if !p.last.IsZero() && n > 0 && now.Sub(p.last)/time.Duration(n) < busyGCGap {
		p.quick += int(n)
	} else {
		p.quick = 0
	}
	p.last, p.cycles = now, cycles
	if p.busy == 0 && p.quick < busyGCRun {
		return
	}
	// Busy: the pace follows the live heap, and rest waits for a quiet spell.
	if pace := busyGCPercent(p.live(), p.resting); pace != p.busy {
		p.busy = pace
		p.setPercent(pace)
	}
	if p.timer == nil {
		p.timer = time.AfterFunc(p.restAfter, p.settle)
	} else {
		p.timer.Reset(p.restAfter)
	}
}

// settle returns to the resting pace once no collection has come for p.restAfter.
func (p *gcPacer) settle() {
	p.mu.Lock()
	if p.busy == 0 || p.stopped {
		p.mu.Unlock()
		return
	}
	if wait := p.restAfter - time.Since(p.last); wait > 0 { // a collection came as the timer fired
		p.timer.Reset(wait)
		p.mu.Unlock()
		return
	}
	p.busy, p.quick = 0, 0
	p.setPercent(p.resting)
	p.mu.Unlock()
	p.rest()
}

// stop ends the pacing at the resting pace.
func (p *gcPacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.busy != 0 {
		p.busy = 0
		p.setPercent(p.resting)
	}
}

// gcSentinel is garbage made to be collected: its finalizer runs once a collection
// has found it unreachable. It is larger than the tiny allocator's blocks, which are
// shared and so finalized late.
type gcSentinel struct{ _ [32]byte }

// paceGC keeps the collector's pace with the load until ctx is done. An operator's
// own GOGC or GOMEMLIMIT is left alone: the runtime reads them from the process's
// environment, so that is where they are looked for.
func paceGC(ctx context.Context) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	samples := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
	read := func(i int) uint64 {
		metrics.Read(samples[i : i+1])
		if samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return samples[i].Value.Uint64()
	}
	p := &gcPacer{
		setPercent: debug.SetGCPercent, rest: debug.FreeOSMemory, restAfter: restAfter,
		live: func() uint64 { return read(2) }, resting: int(read(0)), cycles: read(1),
	}
	p.starting()
	var watch func()
	watch = func() {
		runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) {
			if ctx.Err() == nil {
				p.collected(time.Now(), read(1))
				watch()
			}
		})
	}
	watch()
	context.AfterFunc(ctx, p.stop)
}
