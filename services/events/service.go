// Package events is the events service of SteppersLife: organizers run dance events
// and sell tickets (free, card, cash at the door); staff check them in. It imports no
// other service.
//
// Layout: domain (rules), app (use cases), adapters/sqlstore (SQL), internal/kit/imaging
// (flyers), ports/httpapi (API and pages), ports/portalfeed (portal feed), demo, migrations,
// templates.
package events

import (
	"context"
	"database/sql"
	"embed"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/app"
	"stepperslife/services/events/demo"
	"stepperslife/services/events/ports/adminqueue"
	"stepperslife/services/events/ports/httpapi"
	"stepperslife/services/events/ports/portalfeed"
)

//go:embed migrations/*.sql
var migrations embed.FS

//go:embed templates/*.html
var templates embed.FS

// Migrations are the events service's tables.
var Migrations = db.Migrations{Owner: "events", FS: migrations, Dir: "migrations"}

// Versioned is the data version bumped by every write to the tables public answers
// read: events, their tiers (seats sold) and organizers (whether cards are taken).
var Versioned = cache.Migrations("events-cache", "events", "tiers", "organizers")

// Service describes the events service to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "events",
		Migrations: []db.Migrations{host.KitMigrations, Migrations, Versioned},
		Build:      build,
		Demo: func(ctx context.Context, d *host.Deps) error {
			return demo.Load(ctx, sqlstore.New(d.DB), d.Blobs)
		},
	}
}

// build assembles the use cases, mounts the API and pages, starts the hold sweeper
// and the mail outbox, offers the events to the portal and the refunds owed on
// cancelled events to its admin desk.
func build(d *host.Deps) (host.Parts, error) {
	pages, err := ui.Parse(templates, "templates/*.html")
	if err != nil {
		return host.Parts{}, err
	}
	pages.Use(eventsapi.Words)
	st := sqlstore.New(d.DB)
	pay := payments.New(d.Config.Stripe, d.DB, d.Log)
	mailbox := outbox.New(d.DB, mail.New(d.Config.SMTP, d.Log), d.Log)
	events := app.New(app.Config{
		Store:     st,
		TxStore:   func(tx *sql.Tx) app.Store { return st.WithTx(tx) },
		DB:        d.DB,
		Blobs:     d.Blobs,
		Payments:  pay,
		Outbox:    mailbox,
		Log:       d.Log,
		PublicURL: d.Config.PublicURL,
	})
	answers := cache.New(d.DB, events.Now)
	httpapi.Mount(d.Mux, httpapi.Deps{Events: events, DB: d.DB, Cache: answers, Blobs: d.Blobs, Payments: pay, Outbox: mailbox, Pages: pages,
		PortalURL: d.Config.NextAuthURL, Log: d.Log, Metrics: d.Metrics})
	d.Go(events.RunHoldSweeper)
	d.Go(mailbox.Run)
	return host.Parts{Feed: &portalfeed.Provider{Events: events}, Cache: answers, AdminQueue: &adminqueue.Provider{Events: events}, App: events}, nil
}
