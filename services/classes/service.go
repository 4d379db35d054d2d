// Package classes is the classes service of SteppersLife: instructors teach series
// of weekly classes (or single sessions); students enrol (free, card, or at the
// door), wait in a line that moves, and are marked present; they review what they
// attended. It imports no other service.
//
// Layout: domain (rules), app (use cases), adapters/sqlstore (SQL), ports/httpapi
// (API and calendars), ports/portalfeed (portal feed), demo, migrations.
package classes

import (
	"context"
	"database/sql"
	"embed"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/classes/adapters/sqlstore"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/demo"
	"stepperslife/services/classes/migrations"
	"stepperslife/services/classes/ports/adminqueue"
	"stepperslife/services/classes/ports/httpapi"
	"stepperslife/services/classes/ports/portalfeed"
)

//go:embed templates/*.html
var templates embed.FS

// Service describes the classes service to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "classes",
		Migrations: []db.Migrations{host.KitMigrations, migrations.Set, migrations.Versioned},
		Build:      build,
		Demo: func(ctx context.Context, d *host.Deps) error {
			return demo.Load(ctx, sqlstore.New(d.DB))
		},
	}
}

// build assembles the use cases, mounts the API, starts the sweeper (holds, offers,
// reminders) and the mail outbox, and offers the classes to the portal.
func build(d *host.Deps) (host.Parts, error) {
	pages, err := ui.Parse(templates, "templates/*.html")
	if err != nil {
		return host.Parts{}, err
	}
	pages.Use(classesapi.Words)
	st := sqlstore.New(d.DB)
	pay := payments.New(d.Config.Stripe, d.DB, d.Log)
	mailbox := outbox.New(d.DB, mail.New(d.Config.SMTP, d.Log), d.Log)
	svc := app.New(app.Config{
		Store: st,
		InTx: func(ctx context.Context, fn func(app.Store) error) error {
			return st.InTx(ctx, func(tx *sqlstore.Store) error { return fn(tx) })
		},
		Blobs:     d.Blobs,
		Payments:  pay,
		Outbox:    mailbox,
		Log:       d.Log,
		PublicURL: d.Config.PublicURL,
	})
	answers := cache.New(d.DB, svc.Now)
	httpapi.Mount(d.Mux, httpapi.Deps{App: svc, DB: d.DB, Cache: answers, Blobs: d.Blobs, Payments: pay,
		TxStore: func(tx *sql.Tx) app.Store { return st.WithTx(tx) }, Outbox: mailbox, Pages: pages, PortalURL: d.Config.NextAuthURL})
	d.Go(mailbox.Run)
	d.Go(svc.RunSweeper)
	return host.Parts{Feed: &portalfeed.Provider{App: svc}, Cache: answers, AdminQueue: &adminqueue.Provider{App: svc}, App: svc}, nil
}
