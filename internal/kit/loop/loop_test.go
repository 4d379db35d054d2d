package loop

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunWorksAtOnceOnKickAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	kick := NewKick()
	runs := make(chan int64, 10)
	var n atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(ctx, time.Hour, kick, func(context.Context) { runs <- n.Add(1) })
	}()
	if got := <-runs; got != 1 {
		t.Fatalf("first run %d", got)
	}
	kick.Now()
	kick.Now() // a second kick while one waits is folded into it
	if got := <-runs; got != 2 {
		t.Fatalf("kicked run %d", got)
	}
	cancel()
	<-done
	select {
	case r := <-runs:
		if r > 3 {
			t.Fatalf("ran %d times after two kicks", r)
		}
	default:
	}
}

func TestZeroKickIsHarmless(t *testing.T) {
	var k Kick
	k.Now()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	Run(ctx, time.Millisecond, k, func(context.Context) { t.Fatal("ran after its context ended") })
}
