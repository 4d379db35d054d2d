package imaging

import (
	"context"
	"time"

	"stepperslife/internal/kit/errs"
)

// decodeSlots bounds the decodes running at once in a process: each may take up to
// MaxDecodeBytes, and two keep both cores of a small machine busy.
var decodeSlots = newGate(2, 10*time.Second)

// ErrBusy answers an upload that waited too long for a decode slot.
var ErrBusy = errs.Errorf(errs.CodeUnavailable, "Many pictures are being processed right now; please try again in a moment.")

// gate is a counting semaphore whose waiters give up after a while, so a burst of
// uploads queues briefly instead of piling up memory or waiting forever.
type gate struct {
	slots chan struct{}
	wait  time.Duration
}

func newGate(n int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, n), wait: wait}
}

func (g *gate) acquire(ctx context.Context) (release func(), err error) {
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *gate) release() { <-g.slots }
