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
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/notify"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/outbuf"
	"stepperslife/internal/kit/tracing"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// Version is the build's version, set by the command; spans carry it.
var Version = "dev"

// MaxBodyBytes caps every request body; image uploads (at most 5 MB) fit under it.
const MaxBodyBytes = 8 << 20

//go:embed migrations/*.sql
var kitMigrations embed.FS

// KitMigrations are the tables of a service that takes idempotent requests or payment
// webhooks: idempotency keys and processed webhook events. A service that lists them
// also gets the hourly purge of old idempotency keys.
var KitMigrations = db.Migrations{Owner: "kit", FS: kitMigrations, Dir: "migrations"}

// Service is what a service brings to the kit.
type Service struct {
	Name string
	// Migrations are the table sets of the service's database, applied in order
	// (KitMigrations first when the service uses them, then its own).
	Migrations []db.Migrations
	// Build assembles the service from the kit's pieces: it registers its routes on
	// d.Mux, starts its background work with d.Go and returns what the kit needs.
	Build func(d *Deps) (Parts, error)
	// Demo fills an empty database with demo content (up --demo).
	Demo func(ctx context.Context, d *Deps) error
}

// Parts are what a service's Build hands back to the kit.
type Parts struct {
	// Feed offers the service's content to the portal on the kit's feed routes. Nil
	// mounts no feed routes: the portal answers them itself with every service's
	// content.
	Feed feed.Provider
	// Cache, when set, keeps the feed's answers under the service's data version
	// (see kit/cache); nil computes every feed answer.
	Cache *cache.Cache
	// AdminQueue lists what in the service waits for an admin, on the kit's
	// GET /api/admin/queue (admins only). Nil is a queue where nothing waits
	// (adminq.None), unless the service answers that route itself: the portal
	// answers it with every service's queue.
	AdminQueue adminq.Provider
	// Verifier, when set, names callers instead of the kit's verifier of the portal's
	// session tokens (the portal verifies its own sessions).
	Verifier auth.Verifier
	// App is the service's assembled use cases. The kit does not look at it; tests
	// that watch the service from inside read it from the Instance.
	App any
}

// Deps are the pieces the kit hands to a service.
type Deps struct {
	Config  config.Service
	Log     *slog.Logger
	DB      *db.DB
	Blobs   blob.Store
	Metrics prometheus.Registerer
	Mux     *http.ServeMux

	ctx    context.Context
	wg     sync.WaitGroup
	schema db.Schema // what readiness expects to find in DB

	notifyOnce sync.Once
	bus        *notify.Bus
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
	Deps *Deps
	// Parts are what the service's Build returned.
	Parts Parts
	// Handler serves the service with the verifier it was built with.
	Handler http.Handler
	metrics *web.Metrics
	cancel  context.CancelFunc
}

// Close stops background work and closes the database.
func (in *Instance) Close() {
	in.cancel()
	in.Deps.wg.Wait()
	in.Deps.DB.Close()
}

// HandlerWith is the service's handler with callers named by v instead; tests name
// their callers with a test verifier.
func (in *Instance) HandlerWith(v auth.Verifier) http.Handler {
	d := in.Deps
	// The error page wraps everything, so the middleware's own refusals and its
	// panic recovery answer browsers with a page too; compression wraps the pages.
	// The real client is known first, so the access log and every limit see it.
	return web.Compress(web.RealClient(d.Config.TrustedProxies, web.WithErrorPage(ui.ErrorPage(siteOf(d)), web.Middleware(d.Log, in.metrics, MaxBodyBytes,
		auth.Protect(auth.PolicyFrom(d.Config), v, web.JSONFallback(d.Mux))))))
}

// Build opens everything a service needs, has the service build itself on it and
// assembles its handler.
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
	in.metrics = web.NewMetrics(reg)
	d.Mux = http.NewServeMux()
	d.Mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok", "service": cfg.Name})
	})
	d.Mux.HandleFunc("GET /readyz", readiness(d))
	d.Mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	d.Mux.HandleFunc("GET /api/me", auth.Me)
	d.Mux.HandleFunc("GET "+SitePath, siteInfo(d))
	ui.MountStatic(d.Mux)
	if usesKitTables(svc) {
		d.Go(func(ctx context.Context) { purgeIdempotencyKeys(ctx, d) })
	}
	if svc.Build != nil {
		if in.Parts, err = svc.Build(d); err != nil {
			in.Close()
			return nil, fmt.Errorf("%s: %w", cfg.Name, err)
		}
	}
	if in.Parts.Feed != nil {
		feed.Mount(d.Mux, in.Parts.Feed, in.Parts.Cache)
	}
	if in.Parts.Cache != nil {
		d.Mux.HandleFunc("GET "+cache.VersionPath, in.Parts.Cache.ServeVersion)
	}
	if err := mountAdminQueue(d.Mux, in.Parts.AdminQueue); err != nil {
		in.Close()
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	if cfg.Demo && svc.Demo != nil {
		if err := svc.Demo(ctx, d); err != nil {
			in.Close()
			return nil, fmt.Errorf("%s demo data: %w", cfg.Name, err)
		}
	}
	mountDefaultPages(d)
	verifier := in.Parts.Verifier
	if verifier == nil {
		// Every other service verifies the portal's session tokens with its published
		// keys, fetched lazily so a service starts even while the portal is down, and
		// learns of revoked sessions from the portal's cutoff list, read in the
		// background: checking a token stays a local lookup.
		tv := auth.NewTokenVerifier(cfg.NextAuthURL, auth.NewJWKSCache(cfg.PortalInternalURL+auth.JWKSPath, nil))
		revoked := auth.NewRevocations(cfg.PortalInternalURL, nil, log)
		tv.Check = revoked.Check
		d.Go(revoked.Run)
		verifier = tv
	}
	in.Handler = in.HandlerWith(verifier)
	return in, nil
}

// mountAdminQueue gives every service GET /api/admin/queue, as the contract says:
// q's, an empty one when q is nil, or the service's own when it mounted that route.
func mountAdminQueue(mux *http.ServeMux, q adminq.Provider) error {
	probe, _ := http.NewRequest(http.MethodGet, adminq.Path, nil)
	if _, pattern := mux.Handler(probe); strings.HasSuffix(pattern, " "+adminq.Path) || pattern == adminq.Path {
		if q != nil {
			return errors.New("it answers " + adminq.Path + " itself and also names an admin queue in Parts")
		}
		return nil
	}
	if q == nil {
		q = adminq.None{}
	}
	adminq.Mount(mux, q)
	return nil
}

func usesKitTables(svc Service) bool {
	return slices.ContainsFunc(svc.Migrations, func(m db.Migrations) bool { return m.Owner == KitMigrations.Owner })
}

// Open connects the database (migrated) and the blob store of cfg.
func Open(ctx context.Context, cfg config.Service, svc Service, log *slog.Logger) (*Deps, error) {
	d := &Deps{Config: cfg, Log: log}
	var err error
	d.DB, err = db.Open(ctx, cfg.DatabaseURL.Reveal(), filepath.Join(cfg.DataDir, cfg.Name+".db"))
	if err != nil {
		return nil, err
	}
	// Every service with a database has the kit's mail outbox and audit trail.
	sets := append([]db.Migrations{outbox.Migrations, audit.Migrations}, svc.Migrations...)
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
	out := outbuf.New(os.Stdout)
	defer out.Close()
	log := slog.New(slog.NewJSONHandler(out, nil)).With(slog.String("service", svc.Name))
	slog.SetDefault(log)
	cfg, err := config.Load(svc.Name, getenv)
	if err != nil {
		return err
	}
	log.Info("starting", slog.Any("config", cfg))
	if addr := getenv("PPROF_ADDR"); addr != "" {
		if err := serveProfiles(ctx, addr, log); err != nil {
			return err
		}
	}
	// Tracing starts before the database opens, so its queries are traced too.
	stopTracing, err := tracing.Setup(ctx, svc.Name, Version, getenv)
	if err != nil {
		return err
	}
	defer func() {
		if err := stopTracing(context.WithoutCancel(ctx)); err != nil {
			log.Warn("tracing: spans not flushed", slog.String("error", err.Error()))
		}
	}()
	if tracing.Enabled() {
		log.Info("tracing: exporting spans over OTLP")
	}
	in, err := Build(ctx, cfg, svc, log)
	if err != nil {
		return err
	}
	defer in.Close()
	paceGC(ctx)
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
