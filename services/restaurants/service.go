// Package restaurants is the restaurants service of SteppersLife: restaurants and
// their menus, pickup orders with card or pay-at-pickup payment, and the owner
// dashboard. It imports no other service.
package restaurants

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"
	"net/http"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/restaurants/adapters/sqlstore"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/demo"
	"stepperslife/services/restaurants/migrations"
	"stepperslife/services/restaurants/ports/adminqueue"
	"stepperslife/services/restaurants/ports/httpapi"
	"stepperslife/services/restaurants/ports/portalfeed"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/*
var staticFS embed.FS

// Service describes the restaurants service to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "restaurants",
		Migrations: []db.Migrations{host.KitMigrations, migrations.Set, migrations.Versioned},
		Build:      build,
		Demo: func(ctx context.Context, d *host.Deps) error {
			return demo.Load(ctx, sqlstore.New(d.DB), d.Blobs, d.Log)
		},
	}
}

// build assembles the use cases (an *app.Service, which it returns as Parts.App),
// mounts the API and pages, starts the mail outbox, offers the approved restaurants
// to the portal, and the applications waiting for approval and the refunds Stripe has
// not settled to its admin desk.
func build(d *host.Deps) (host.Parts, error) {
	pay := payments.New(d.Config.Stripe, d.DB, d.Log)
	store := sqlstore.New(d.DB)
	mailbox := outbox.New(d.DB, mail.New(d.Config.SMTP, d.Log), d.Log)
	svc := app.New(app.Config{
		Store: store,
		InTx: func(ctx context.Context, fn func(st app.Store) error) error {
			return store.InTx(ctx, func(st *sqlstore.Store) error { return fn(st) })
		},
		Outbox:    mailbox,
		Blobs:     d.Blobs,
		Payments:  pay,
		Log:       d.Log,
		PublicURL: d.Config.PublicURL,
		PortalURL: d.Config.NextAuthURL,
		Notify:    d.Notify(),
	})
	d.Go(mailbox.Run)
	tpl, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return host.Parts{}, err
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return host.Parts{}, err
	}
	answers := cache.New(d.DB, svc.Now)
	h, err := httpapi.New(httpapi.Handlers{App: svc, DB: d.DB, Cache: answers, Payments: pay,
		TxStore: func(tx *sql.Tx) app.Store { return store.WithTx(tx) }, Blobs: d.Blobs, Log: d.Log,
		PortalURL: d.Config.NextAuthURL}, tpl, static)
	if err != nil {
		return host.Parts{}, err
	}
	h.Mount(d.Mux)
	// The restaurants' public list lives on the portal; this service's own pages are
	// each restaurant's dashboard.
	d.Mux.Handle("GET /{$}", http.RedirectHandler(d.Config.NextAuthURL+"/restaurants", http.StatusFound))
	return host.Parts{Feed: &portalfeed.Provider{App: svc}, Cache: answers, AdminQueue: &adminqueue.Provider{App: svc}, App: svc}, nil
}
