// Package store is the store service of SteppersLife: a marketplace where approved
// vendors sell steppin wear, shoes and music in sizes and colours, buyers check out
// carts from several vendors (shipped, or picked up at a dance night), and stock is
// never sold twice. It imports no other service.
//
// Layout: domain (rules), app (use cases), adapters/sqlstore (SQL), ports/httpapi
// (API), ports/portalfeed (portal feed), demo, migrations.
package store

import (
	"context"
	"database/sql"
	"embed"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/store/adapters/sqlstore"
	"stepperslife/services/store/app"
	"stepperslife/services/store/demo"
	"stepperslife/services/store/migrations"
	"stepperslife/services/store/ports/adminqueue"
	"stepperslife/services/store/ports/httpapi"
	"stepperslife/services/store/ports/portalfeed"
)

//go:embed templates/*.html
var templates embed.FS

// Service describes the store service to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "store",
		Migrations: []db.Migrations{host.KitMigrations, migrations.Set, migrations.Versioned},
		Build:      build,
		Demo: func(ctx context.Context, d *host.Deps) error {
			return demo.Load(ctx, sqlstore.New(d.DB), d.Blobs)
		},
	}
}

// build assembles the use cases, mounts the API, starts the hold sweeper and the
// mail outbox, offers the products to the portal and the vendor applications
// waiting for approval to its admin desk.
func build(d *host.Deps) (host.Parts, error) {
	pages, err := ui.Parse(templates, "templates/*.html")
	if err != nil {
		return host.Parts{}, err
	}
	pages.Use(storeapi.Words)
	st := sqlstore.New(d.DB)
	pay := payments.New(d.Config.Stripe, d.DB, d.Log) // without keys, card payment is off
	mailbox := outbox.New(d.DB, mail.New(d.Config.SMTP, d.Log), d.Log)
	svc := app.New(app.Config{
		Store: st,
		InTx: func(ctx context.Context, fn func(st app.Store) error) error {
			return st.InTx(ctx, func(bound *sqlstore.Store) error { return fn(bound) })
		},
		TxStore:   func(tx *sql.Tx) app.Store { return st.WithTx(tx) },
		Blobs:     d.Blobs,
		Payments:  pay,
		Outbox:    mailbox,
		Log:       d.Log,
		PublicURL: d.Config.PublicURL,
		PortalURL: d.Config.NextAuthURL,
	})
	answers := cache.New(d.DB, svc.Now)
	httpapi.Mount(d.Mux, httpapi.Deps{App: svc, DB: d.DB, Cache: answers, Blobs: d.Blobs, Payments: pay, Outbox: mailbox, Pages: pages, Log: d.Log})
	d.Go(mailbox.Run)
	d.Go(svc.RunHoldSweeper)
	return host.Parts{Feed: &portalfeed.Provider{App: svc}, Cache: answers, AdminQueue: &adminqueue.Provider{App: svc}, App: svc}, nil
}
