package holds

import (
	"context"
	"log/slog"
	"time"

	"stepperslife/internal/kit/loop"
)

// SweepEvery is how often lapsed holds are looked for, so what they kept comes back
// on sale soon after they lapse.
const SweepEvery = 15 * time.Second

// expireBatch is how many lapsed holds one query lists.
const expireBatch = 100

// Expire closes every lapsed hold: due lists up to limit of them (the same ones
// again until they are closed), close ends one and reports whether it was still
// open (a payment may have beaten it). It returns how many it closed, up to the
// first failure.
func Expire(ctx context.Context, due func(ctx context.Context, limit int) ([]string, error),
	close func(ctx context.Context, id string) (bool, error)) (int, error) {
	n := 0
	for {
		ids, err := due(ctx, expireBatch)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			ok, err := close(ctx, id)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
		if len(ids) < expireBatch {
			return n, nil
		}
	}
}

// Sweep runs expire every SweepEvery until ctx ends, logging a failure, and what it
// closed as done ("expired unpaid holds").
func Sweep(ctx context.Context, log *slog.Logger, done string, expire func(ctx context.Context) (int, error)) {
	loop.Run(ctx, SweepEvery, loop.Kick{}, func(ctx context.Context) {
		if n, err := expire(ctx); err != nil && ctx.Err() == nil {
			log.Warn("expiring holds", "error", err.Error())
		} else if n > 0 {
			log.Info(done, "orders", n)
		}
	})
}
