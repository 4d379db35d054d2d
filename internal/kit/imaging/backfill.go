package imaging

import (
	"bytes"
	"context"
	"image"
	"io"
	"time"

	"golang.org/x/sync/singleflight"

	"stepperslife/internal/kit/blob"
)

// copying makes one picture's copies once however many ask for them at once.
var copying singleflight.Group

// backfillWait bounds making a picture's copies, apart from the request that asked
// (which may leave; the copies are still made for the next).
const backfillWait = 30 * time.Second

// makeCopies keeps the narrower copies of the stored picture original, when it is
// wider than width and so should have a copy at width (a picture stored before
// copies were made). made reports whether the copies were written.
func makeCopies(ctx context.Context, store blob.Store, original string, width int) (made bool, err error) {
	v, err, _ := copying.Do(original, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), backfillWait)
		defer cancel()
		rc, _, err := store.Get(ctx, original)
		if err != nil {
			return false, err
		}
		data, err := io.ReadAll(io.LimitReader(rc, MaxUploadBytes+1))
		rc.Close()
		if err != nil {
			return false, err
		}
		// A picture no wider than the copy has none to make.
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width <= width {
			return false, err
		}
		p, err := Process(ctx, data, "")
		if err != nil {
			return false, err
		}
		for _, s := range p.Sized {
			if err := put(ctx, store, SizedKey(original, s.Width), s.Data, nil); err != nil {
				return false, err
			}
		}
		return len(p.Sized) > 0, nil
	})
	made, _ = v.(bool)
	return made, err
}
