// Package magazine is the magazine service of SteppersLife: writers draft articles in
// Markdown, alone or with co-authors; editors publish them now or at a time, reject
// them with notes, feature and archive them; readers browse by category, tag and
// writer, follow the feeds and share pages that preview well. Legends & memories is
// the community's oral history: a page per dancer, DJ and club with a timeline, and
// readers' memories that wait for an editor before anyone sees them. It imports no
// other service.
//
// Layout: domain (rules, rendering), app (use cases), adapters/sqlstore (SQL),
// ports/httpapi (API, pages, feeds), ports/portalfeed (portal feed), ports/adminqueue
// (the admins' desk), demo, migrations.
package magazine

import (
	"context"
	"embed"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/magazine/adapters/sqlstore"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/demo"
	"stepperslife/services/magazine/migrations"
	"stepperslife/services/magazine/ports/adminqueue"
	"stepperslife/services/magazine/ports/httpapi"
	"stepperslife/services/magazine/ports/portalfeed"
)

//go:embed templates/*.html
var templates embed.FS

// Service describes the magazine service to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "magazine",
		Migrations: []db.Migrations{host.KitMigrations, migrations.Set, migrations.Versioned, migrations.ArticlesVersioned},
		Build:      build,
		Demo: func(ctx context.Context, d *host.Deps) error {
			return demo.Load(ctx, sqlstore.New(d.DB), d.Blobs)
		},
	}
}

// build assembles the use cases, mounts the API and pages, starts the scheduler that
// publishes what editors scheduled, and offers the desk to the admins.
func build(d *host.Deps) (host.Parts, error) {
	pages, err := ui.Parse(templates, "templates/*.html")
	if err != nil {
		return host.Parts{}, err
	}
	pages.Use(magazineapi.Words)
	st := sqlstore.New(d.DB)
	svc := app.New(app.Config{
		Store: st,
		InTx: func(ctx context.Context, fn func(app.Store) error) error {
			return st.InTx(ctx, func(tx *sqlstore.Store) error { return fn(tx) })
		},
		Blobs:     d.Blobs,
		Log:       d.Log,
		PublicURL: d.Config.PublicURL,
		ViewKey:   []byte("magazine views|" + d.Config.NextAuthSecret.Reveal()),
	})
	answers := cache.New(d.DB, svc.Now)
	httpapi.Mount(d.Mux, httpapi.Deps{App: svc, Cache: answers, Blobs: d.Blobs, Pages: pages, PortalURL: d.Config.NextAuthURL})
	d.Go(svc.RunScheduler)
	return host.Parts{Feed: &portalfeed.Provider{App: svc}, Cache: answers, AdminQueue: &adminqueue.Provider{App: svc}, App: svc}, nil
}
