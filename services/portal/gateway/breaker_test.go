package gateway

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// clock is a hand-moved time source, so the tests never sleep.
type clock struct{ t time.Time }

func (c *clock) now() time.Time        { return c.t }
func (c *clock) add(d time.Duration)   { c.t = c.t.Add(d) }
func newTestBreaker(c *clock) *Breaker { b := NewBreaker(3, 5*time.Second); b.now = c.now; return b }
func allowN(b *Breaker, n int) (got int) {
	for range n {
		if b.Allow() {
			got++
		}
	}
	return got
}

func TestBreakerOpensAfterConsecutiveFailures(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	b := newTestBreaker(c)
	for i := range 2 {
		if !b.Allow() {
			t.Fatalf("call %d refused while closed", i)
		}
		b.Record(Failure)
	}
	if b.State() != Closed {
		t.Fatalf("opened after 2 failures, threshold is 3")
	}
	// A success in between resets the count: failures must be consecutive.
	b.Allow()
	b.Record(Success)
	for range 2 {
		b.Allow()
		b.Record(Failure)
	}
	if b.State() != Closed {
		t.Fatalf("state %v after success then 2 failures, want closed", b.State())
	}
	b.Allow()
	b.Record(Failure)
	if b.State() != Open {
		t.Fatalf("state %v after 3 consecutive failures, want open", b.State())
	}
	if b.Allow() {
		t.Fatal("open breaker let a call through before its cool-down")
	}
}

func TestBreakerHalfOpenProbe(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	b := newTestBreaker(c)
	for range 3 {
		b.Allow()
		b.Record(Failure)
	}
	c.add(4 * time.Second)
	if b.Allow() {
		t.Fatal("allowed during cool-down")
	}
	c.add(time.Second)
	if got := allowN(b, 5); got != 1 {
		t.Fatalf("after cool-down %d calls allowed, want exactly one probe", got)
	}
	if b.State() != HalfOpen {
		t.Fatalf("state %v, want half-open", b.State())
	}
	// The probe fails: open again for a full cool-down.
	b.Record(Failure)
	if b.State() != Open || b.Allow() {
		t.Fatal("failed probe did not reopen the breaker")
	}
	c.add(5 * time.Second)
	if !b.Allow() {
		t.Fatal("no probe after the second cool-down")
	}
	b.Record(Success)
	if b.State() != Closed || !b.Healthy() {
		t.Fatalf("state %v after a good probe, want closed and healthy", b.State())
	}
	if got := allowN(b, 5); got != 5 {
		t.Fatalf("closed breaker allowed %d of 5", got)
	}
}

func TestBreakerIgnoredProbeFreesTheSlot(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	b := newTestBreaker(c)
	for range 3 {
		b.Allow()
		b.Record(Failure)
	}
	c.add(5 * time.Second)
	if !b.Allow() {
		t.Fatal("no probe")
	}
	b.Record(Ignored) // the probe's caller went away
	if !b.Allow() {
		t.Fatal("an abandoned probe kept the breaker shut")
	}
}

func TestBreakerLostProbeExpires(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	b := newTestBreaker(c)
	for range 3 {
		b.Allow()
		b.Record(Failure)
	}
	c.add(5 * time.Second)
	b.Allow() // a probe whose outcome is never recorded
	if b.Allow() {
		t.Fatal("second probe while the first is out")
	}
	c.add(5 * time.Second)
	if !b.Allow() {
		t.Fatal("a lost probe held the breaker half-open forever")
	}
}

func TestBreakerHealthy(t *testing.T) {
	b := NewBreaker(3, time.Second)
	if !b.Healthy() {
		t.Fatal("new breaker not healthy")
	}
	b.Allow()
	b.Record(Failure)
	if b.Healthy() {
		t.Fatal("healthy right after a failure")
	}
}

func TestBreakerMetrics(t *testing.T) {
	up, err := NewUpstreams(map[string]string{"events": "http://127.0.0.1:1", "store": "http://127.0.0.1:2"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	if err := up.RegisterMetrics(reg); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		up.Breaker("store").Allow()
		up.Breaker("store").Record(Failure)
	}
	families, err := reg.Gather()
	if err != nil || len(families) != 1 {
		t.Fatalf("gather: %v %d", err, len(families))
	}
	got := map[string]float64{}
	for _, m := range families[0].GetMetric() {
		got[m.GetLabel()[0].GetValue()] = m.GetGauge().GetValue()
	}
	if got["events"] != 0 || got["store"] != 1 {
		t.Fatalf("breaker gauges %v, want events 0 and store 1", got)
	}
}
