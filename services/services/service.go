// Package services is the services directory of SteppersLife: DJs, photographers,
// venues and other businesses apply to be listed; customers search them by words,
// category, place, price and rating, ask for quotes in a private thread, and review
// them. It imports no other service.
//
// Layout: domain (rules), app (use cases), adapters/sqlstore (SQL, search),
// ports/httpapi (API), ports/adminqueue (the admins' desk), migrations.
package services

import (
	"context"
	"embed"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/ui"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/app"
	"stepperslife/services/services/demo"
	"stepperslife/services/services/migrations"
	"stepperslife/services/services/ports/adminqueue"
	"stepperslife/services/services/ports/httpapi"
	"stepperslife/services/services/ports/portalfeed"
)

//go:embed templates/*.html
var templates embed.FS

// Service describes the services directory to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "services",
		Migrations: []db.Migrations{host.KitMigrations, migrations.Set, migrations.Versioned},
		Build:      build,
		Demo: func(ctx context.Context, d *host.Deps) error {
			return demo.Load(ctx, sqlstore.New(d.DB), d.Blobs)
		},
	}
}

// build assembles the use cases, mounts the API and starts the mail outbox.
func build(d *host.Deps) (host.Parts, error) {
	pages, err := ui.Parse(templates, "templates/*.html")
	if err != nil {
		return host.Parts{}, err
	}
	pages.Use(servicesapi.Words).Use(httpapi.AdminWords)
	st := sqlstore.New(d.DB)
	mailbox := outbox.New(d.DB, mail.New(d.Config.SMTP, d.Log), d.Log)
	svc := app.New(app.Config{
		Store: st,
		InTx: func(ctx context.Context, fn func(app.Store) error) error {
			return st.InTx(ctx, func(tx *sqlstore.Store) error { return fn(tx) })
		},
		Blobs:     d.Blobs,
		Outbox:    mailbox,
		Log:       d.Log,
		PublicURL: d.Config.PublicURL,
	})
	answers := cache.New(d.DB, svc.Now)
	httpapi.Mount(d.Mux, httpapi.Deps{App: svc, Cache: answers, Blobs: d.Blobs, Pages: pages, PortalURL: d.Config.NextAuthURL})
	d.Go(mailbox.Run)
	return host.Parts{Feed: &portalfeed.Provider{App: svc}, Cache: answers, AdminQueue: &adminqueue.Provider{App: svc}, App: svc}, nil
}
