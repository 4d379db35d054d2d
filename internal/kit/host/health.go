package host

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/idem"
	"stepperslife/internal/kit/loop"
	"stepperslife/internal/kit/web"
)

// idempotencyPurgeEvery is how often old Idempotency-Key answers are forgotten.
const idempotencyPurgeEvery = time.Hour

func readiness(d *Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), web.ReadyTimeout)
		defer cancel()
		var dbErr, blobErr error
		var wg sync.WaitGroup
		wg.Go(func() {
			if dbErr = d.DB.Ping(ctx); dbErr == nil {
				dbErr = d.DB.CheckSchema(ctx, d.schema)
			}
		})
		wg.Go(func() { blobErr = d.Blobs.Ping(ctx) })
		wg.Wait()
		checks := map[string]string{"database": "ok", "blobs": "ok"}
		var failing []string
		if dbErr != nil {
			checks["database"] = "unavailable"
			failing = append(failing, "database")
			d.Log.Warn("readyz: database", slog.String("error", dbErr.Error()))
		}
		if blobErr != nil {
			checks["blobs"] = "unavailable"
			failing = append(failing, "blobs")
			d.Log.Warn("readyz: blobs", slog.String("error", blobErr.Error()))
		}
		if len(failing) > 0 {
			web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, "Not ready: "+strings.Join(failing, " and ")+" does not answer.").
				With(map[string]any{"checks": checks}))
			return
		}
		web.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready", "service": d.Config.Name, "checks": checks})
	}
}

// purgeIdempotencyKeys forgets old Idempotency-Key answers at start and then hourly.
func purgeIdempotencyKeys(ctx context.Context, d *Deps) {
	loop.Run(ctx, idempotencyPurgeEvery, loop.Kick{}, func(ctx context.Context) {
		if err := idem.Purge(ctx, d.DB); err != nil && ctx.Err() == nil {
			d.Log.Warn("purging idempotency keys", slog.String("error", err.Error()))
		}
	})
}
