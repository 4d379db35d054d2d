package host

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// pacerProbe records what a pacer set.
type pacerProbe struct {
	mu      sync.Mutex
	percent int
	rests   int
}

func (p *pacerProbe) set(v int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.percent
	p.percent = v
	return old
}

func (p *pacerProbe) rest() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rests++
}

func (p *pacerProbe) state() (int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.percent, p.rests
}

func TestGCPaceFollowsTheLoad(t *testing.T) {
	probe := &pacerProbe{percent: restingGCPercent}
	p := &gcPacer{setPercent: probe.set, rest: probe.rest, restAfter: 50 * time.Millisecond}
	now := time.Now()
	collect := func(gap time.Duration) {
		now = now.Add(gap)
		p.collected(now)
	}

	// Now and then, however long it goes on, is rest.
	for range 20 {
		collect(time.Second)
	}
	collect(busyGCGap - time.Millisecond) // one quick pair is not load either
	collect(time.Second)
	if got, _ := probe.state(); got != restingGCPercent {
		t.Fatalf("pace %d after sparse collections", got)
	}

	// A run of quick collections is load.
	for range busyGCRun + 1 {
		collect(20 * time.Millisecond)
	}
	if got, _ := probe.state(); got != busyGCPercent {
		t.Fatalf("pace %d under load", got)
	}
	// Busy collections come less often, and the pace holds while they come.
	for range 5 {
		collect(30 * time.Millisecond)
		time.Sleep(30 * time.Millisecond)
	}
	if got, rests := probe.state(); got != busyGCPercent || rests != 0 {
		t.Fatalf("pace %d, %d rests while collections still come", got, rests)
	}

	// Then nothing: rest, with the memory given back once.
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, rests := probe.state()
		if got == restingGCPercent && rests == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pace %d, %d rests after the load ended", got, rests)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Load again, then a stop: the resting pace, and no more changes.
	for range busyGCRun + 1 {
		collect(20 * time.Millisecond)
	}
	p.stop()
	for range busyGCRun + 1 {
		collect(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if got, rests := probe.state(); got != restingGCPercent || rests != 1 {
		t.Fatalf("pace %d, %d rests after stop", got, rests)
	}
}

// The pacer hears the runtime's own collections.
func TestGCPaceHearsRealCollections(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	ctx, cancel := context.WithCancel(context.Background())
	paceGC(ctx)
	sample := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC() // back-to-back collections: load as the pacer sees it
		metrics.Read(sample)
		if sample[0].Value.Uint64() == busyGCPercent {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pace %d after many quick collections", sample[0].Value.Uint64())
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Uint64() == restingGCPercent {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pace %d after the pacer stopped", sample[0].Value.Uint64())
		}
	}
}
