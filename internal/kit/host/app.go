// Package host starts one service the same way for all seven: configuration, logging,
// database and migrations, blob store, identity, routes, health, metrics, and a
// graceful stop.
package host

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/idem"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// MaxBodyBytes caps every request body; image uploads (at most 5 MB) fit under it.
const MaxBodyBytes = 8 << 20

//go:embed migrations/*.sql
var kitMigrations embed.FS

// KitMigrations are the tables every business service has: idempotency keys and processed
// webhook events.
var KitMigrations = db.Migrations{Owner: "kit", FS: kitMigrations, Dir: "migrations"}

// Service is what a service brings to the kit.
type Service struct {
	Name       string
	Migrations db.Migrations
	// Mount registers the service's routes on d.Mux and may start background work
	// with d.Go.
	Mount func(d *Deps) error
	// Demo fills an empty database with demo content (up --demo).
	Demo func(ctx context.Context, d *Deps) error
	// Feed offers the service's content to the portal; nil answers empty lists.
	Feed feed.Provider
	// Aggregates marks the portal: it answers the feed routes with every service's
	// content instead of offering its own, and keeps no business tables (purchases
	// and their Idempotency-Keys are forwarded to the service that owns them).
	Aggregates bool
	// Verifier, when set, replaces the kit's session-token verifier (the portal
	// verifies its own sessions).
	Verifier func(d *Deps) (auth.Verifier, error)
}

// Deps are the pieces the kit hands to a service.
type Deps struct {
	Config  config.Service
	Log     *slog.Logger
	DB      *db.DB
	Blobs   blob.Store
	Auth    auth.Verifier
	Metrics prometheus.Registerer
	Mux     *http.ServeMux

	ctx    context.Context
	wg     sync.WaitGroup
	schema db.Schema // what readiness expects to find in DB
}

// Go runs fn in the background until the service stops; the stop waits for it.
func (d *Deps) Go(fn func(ctx context.Context)) {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		fn(d.ctx)
	}()
}

// Instance is a built service, ready to serve.
type Instance struct {
	Deps    *Deps
	Handler http.Handler
	cancel  context.CancelFunc
}

// Close stops background work and closes the database.
func (in *Instance) Close() {
	in.cancel()
	in.Deps.wg.Wait()
	in.Deps.DB.Close()
}

// Build opens everything a service needs and assembles its handler.
func Build(ctx context.Context, cfg config.Service, svc Service, log *slog.Logger) (*Instance, error) {
	d, err := Open(ctx, cfg, svc, log)
	if err != nil {
		return nil, err
	}
	bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	d.ctx = bctx
	in := &Instance{Deps: d, cancel: cancel}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	d.Metrics = reg
	d.Mux = http.NewServeMux()
	// Every service verifies the portal's session tokens with its published keys,
	// fetched lazily so a service starts even while the portal is down.
	if svc.Verifier != nil {
		if d.Auth, err = svc.Verifier(d); err != nil {
			in.Close()
			return nil, err
		}
	} else {
		// Revoked sessions reach the service through the portal's cutoff list, read
		// in the background: checking a token stays a local lookup.
		tv := auth.NewTokenVerifier(cfg.NextAuthURL, auth.NewJWKSCache(cfg.NextAuthURL+auth.JWKSPath, nil))
		revoked := auth.NewRevocations(cfg.NextAuthURL, nil, log)
		tv.Revoked = revoked.Refuses
		d.Go(revoked.Run)
		d.Auth = tv
	}
	d.Mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok", "service": cfg.Name})
	})
	d.Mux.HandleFunc("GET /readyz", readiness(d))
	d.Mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	d.Mux.HandleFunc("GET /api/me", auth.Me)
	ui.MountStatic(d.Mux)
	if !svc.Aggregates {
		provider := svc.Feed
		if provider == nil {
			provider = feed.None{}
		}
		feed.Mount(d.Mux, provider)
		d.Go(func(ctx context.Context) { purgeIdempotencyKeys(ctx, d) })
	}
	if svc.Mount != nil {
		if err := svc.Mount(d); err != nil {
			in.Close()
			return nil, fmt.Errorf("%s: %w", cfg.Name, err)
		}
	}
	if cfg.Demo && svc.Demo != nil {
		if err := svc.Demo(ctx, d); err != nil {
			in.Close()
			return nil, fmt.Errorf("%s demo data: %w", cfg.Name, err)
		}
	}
	in.Handler = web.Middleware(log, web.NewMetrics(reg), MaxBodyBytes,
		auth.Protect(auth.PolicyFrom(cfg), d.Auth, web.JSONFallback(d.Mux)))
	return in, nil
}

// Open connects the database (migrated) and the blob store of cfg.
func Open(ctx context.Context, cfg config.Service, svc Service, log *slog.Logger) (*Deps, error) {
	d := &Deps{Config: cfg, Log: log}
	var err error
	d.DB, err = db.Open(ctx, cfg.DatabaseURL.Reveal(), filepath.Join(cfg.DataDir, cfg.Name+".db"))
	if err != nil {
		return nil, err
	}
	sets := []db.Migrations{outbox.Migrations}
	if !svc.Aggregates {
		sets = append(sets, KitMigrations)
	}
	if svc.Migrations.FS != nil {
		sets = append(sets, svc.Migrations)
	}
	if err := db.Migrate(ctx, d.DB, sets...); err != nil {
		d.DB.Close()
		return nil, err
	}
	if d.schema, err = db.SchemaOf(sets...); err != nil {
		d.DB.Close()
		return nil, err
	}
	if cfg.Minio.Enabled() {
		d.Blobs, err = blob.NewS3(ctx, cfg.Minio)
	} else {
		d.Blobs, err = blob.NewFolder(filepath.Join(cfg.DataDir, "blobs"))
	}
	if err != nil {
		d.DB.Close()
		return nil, err
	}
	return d, nil
}

// Run serves svc until ctx is done. getenv supplies its environment.
func Run(ctx context.Context, svc Service, getenv func(string) string) error {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With(slog.String("service", svc.Name))
	slog.SetDefault(log)
	cfg, err := config.Load(svc.Name, getenv)
	if err != nil {
		return err
	}
	log.Info("starting", slog.Any("config", cfg))
	in, err := Build(ctx, cfg, svc, log)
	if err != nil {
		return err
	}
	defer in.Close()
	ln, err := net.Listen("tcp", net.JoinHostPort("", strconv.Itoa(cfg.Port)))
	if err != nil {
		return err
	}
	log.Info("listening", slog.String("addr", ln.Addr().String()))
	err = web.Serve(ctx, ln, in.Handler, log)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	log.Info("stopped")
	return err
}

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
			web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, fmt.Sprintf("Not ready: %v does not answer.", failing)).
				With(map[string]any{"checks": checks}))
			return
		}
		web.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready", "service": d.Config.Name, "checks": checks})
	}
}

// purgeIdempotencyKeys forgets old Idempotency-Key answers once an hour.
func purgeIdempotencyKeys(ctx context.Context, d *Deps) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := idem.Purge(ctx, d.DB); err != nil && ctx.Err() == nil {
			d.Log.Warn("purging idempotency keys", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
