package ratelimit

import (
	"testing"
	"time"
)

func TestSlidingWindow(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	l := New(3, time.Minute)
	l.SetClock(func() time.Time { return clock })
	for i := range 3 {
		if ok, _ := l.Allow("ip"); !ok {
			t.Fatalf("event %d refused", i)
		}
		clock = clock.Add(10 * time.Second)
	}
	ok, retry := l.Allow("ip")
	if ok || retry != 30*time.Second {
		t.Fatalf("4th event: ok=%v retry=%v, want refused, 30s", ok, retry)
	}
	if blocked, _ := l.Blocked("ip"); !blocked {
		t.Fatal("Blocked disagrees with Allow")
	}
	if ok, _ := l.Allow("other"); !ok {
		t.Fatal("keys are independent")
	}
	clock = clock.Add(31 * time.Second) // the first event leaves the window
	if ok, _ := l.Allow("ip"); !ok {
		t.Fatal("window did not slide")
	}
	if ok, _ := l.Allow("ip"); ok {
		t.Fatal("slid too far")
	}
	l.Reset("ip")
	if ok, _ := l.Allow("ip"); !ok {
		t.Fatal("reset ignored")
	}
	clock = clock.Add(5 * time.Minute)
	l.Allow("fresh")
	if n := l.Len(); n != 1 {
		t.Fatalf("idle keys kept: %d", n)
	}
}
