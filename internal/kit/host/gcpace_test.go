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
	const resting = 100
	probe := &pacerProbe{percent: resting}
	live := uint64(8 << 20)
	p := &gcPacer{setPercent: probe.set, rest: probe.rest, restAfter: 300 * time.Millisecond,
		live: func() uint64 { return live }, resting: resting}
	// The collections' clock runs behind the timers' one, which waits restAfter
	// from the last collection heard.
	now, cycles := time.Now().Add(-time.Hour), uint64(0)
	collect := func(gap time.Duration, n uint64) {
		now, cycles = now.Add(gap), cycles+n
		p.collected(now, cycles)
	}

	// Now and then, however long it goes on, is rest.
	for range 20 {
		collect(time.Second, 1)
	}
	collect(busyGCGap-time.Millisecond, 1) // one quick pair is not load either
	collect(time.Second, 1)
	// Nor are several collections heard at once over a long time.
	collect(3*time.Second, 5)
	if got, _ := probe.state(); got != resting {
		t.Fatalf("pace %d after sparse collections", got)
	}

	// A run of quick collections is load: with little live, the fastest busy pace.
	for range busyGCRun {
		collect(20*time.Millisecond, 1)
	}
	if got, _ := probe.state(); got != maxBusyGCPercent {
		t.Fatalf("pace %d under load", got)
	}
	// The busy heap stays within its headroom as the live heap grows.
	live = 48 << 20
	collect(30*time.Millisecond, 1)
	if got, _ := probe.state(); got != busyGCPercent(live, resting) || got >= maxBusyGCPercent || got <= resting {
		t.Fatalf("pace %d with %d MiB live", got, live>>20)
	}
	live = 8 << 20
	// Busy collections come less often, and the pace holds while they come.
	for range 5 {
		collect(30*time.Millisecond, 1)
		time.Sleep(10 * time.Millisecond)
	}
	if got, rests := probe.state(); got != maxBusyGCPercent || rests != 0 {
		t.Fatalf("pace %d, %d rests while collections still come", got, rests)
	}

	// Then nothing: rest, with the memory given back once.
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, rests := probe.state()
		if got == resting && rests == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pace %d, %d rests after the load ended", got, rests)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Load again, then a stop: the resting pace, and no more changes.
	for range busyGCRun + 1 {
		collect(20*time.Millisecond, 1)
	}
	p.stop()
	for range busyGCRun + 1 {
		collect(20*time.Millisecond, 1)
	}
	time.Sleep(400 * time.Millisecond)
	if got, rests := probe.state(); got != resting || rests != 1 {
		t.Fatalf("pace %d, %d rests after stop", got, rests)
	}
}

// A service's start is a burst of work: when collections stop after it, the memory
// it took is given back once, and the pace is the resting one.
func TestGCPaceGivesBackWhatTheStartTook(t *testing.T) {
	const resting = 100
	probe := &pacerProbe{percent: resting}
	p := &gcPacer{setPercent: probe.set, rest: probe.rest, restAfter: 50 * time.Millisecond,
		live: func() uint64 { return 8 << 20 }, resting: resting}
	p.starting()
	p.collected(time.Now().Add(-time.Hour), 1) // the start's last collection
	deadline := time.Now().Add(5 * time.Second)
	for {
		if got, rests := probe.state(); got == resting && rests == 1 {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("pace %d, %d rests after the start", got, rests)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if _, rests := probe.state(); rests != 1 {
		t.Fatalf("%d rests: the memory is given back once", rests)
	}
}

func TestBusyPaceKeepsToItsHeadroom(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, maxBusyGCPercent},
		{4 << 20, maxBusyGCPercent},
		{32 << 20, 200},
		{64 << 20, 100},
		{1 << 30, 100}, // a big heap is never collected less often than at rest
	} {
		if got := busyGCPercent(c.live, 100); got != c.want {
			t.Errorf("%d MiB live: pace %d, want %d", c.live>>20, got, c.want)
		}
	}
}

// The pacer hears the runtime's own collections, and leaves the pace as it found it.
func TestGCPaceHearsRealCollections(t *testing.T) {
	sample := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(sample)
	before := sample[0].Value.Uint64()
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	ctx, cancel := context.WithCancel(context.Background())
	paceGC(ctx)
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC() // back-to-back collections: load as the pacer sees it
		metrics.Read(sample)
		if sample[0].Value.Uint64() > before {
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
		if sample[0].Value.Uint64() == before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pace %d after the pacer stopped, %d before", sample[0].Value.Uint64(), before)
		}
	}
}
