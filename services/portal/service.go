// Package portal is the portal service of SteppersLife. It imports no other service.
package portal

import (
	"context"
	"log/slog"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/loop"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/aggregate"
	"stepperslife/services/portal/desk"
	"stepperslife/services/portal/gateway"
	"stepperslife/services/portal/identity"
	"stepperslife/services/portal/keys"
	"stepperslife/services/portal/schema"
	"stepperslife/services/portal/site"
)

// maintenanceEvery is how often signing keys are checked for rotation and ended
// sessions are pruned.
const maintenanceEvery = time.Hour

// Service describes the portal service to the kit. It keeps no business tables, so
// it uses none of the kit's: purchases and their Idempotency-Keys are forwarded to
// the service that owns them.
func Service() host.Service {
	return host.Service{
		Name:       "portal",
		Migrations: []db.Migrations{schema.Migrations},
		Build:      build,
		Demo:       loadDemo,
	}
}

// build assembles identity and the aggregation. The portal offers no feed of its
// own: it answers the feed routes with every service's content. It verifies its own
// sessions with its local keys, and refuses the tokens of revoked sessions at once.
func build(d *host.Deps) (host.Parts, error) {
	mailbox := outbox.New(d.DB, mail.New(d.Config.SMTP, d.Log), d.Log)
	id, err := newIdentity(d, mailbox)
	if err != nil {
		return host.Parts{}, err
	}
	id.Mount(d.Mux)
	d.Go(func(ctx context.Context) { maintain(ctx, d, id) })
	d.Go(mailbox.Run)
	d.Go(id.PurgeLimits)
	// The kit closes the database only after its background work ends.
	d.Go(func(ctx context.Context) { <-ctx.Done(); id.Wait() })
	if err := mountAggregation(d, id.Accounts); err != nil {
		return host.Parts{}, err
	}
	return host.Parts{Verifier: id.Verifier(), App: id}, nil
}

// mountAggregation adds what the portal shows of the six services: the aggregated
// feed, search, activity and admin queue, the gateway that forwards purchases, the
// /go/ links to the services' pages, the pages, and the admin desk (which also
// manages roles in acc).
func mountAggregation(d *host.Deps, acc *accounts.Service) error {
	up, err := gateway.NewUpstreams(d.Config.ServiceURLs, gateway.Options{})
	if err != nil {
		return err
	}
	if err := up.RegisterMetrics(d.Metrics); err != nil {
		return err
	}
	agg := aggregate.New(up, aggregate.Options{})
	agg.Mount(d.Mux)
	gateway.New(up).Mount(d.Mux)
	gateway.NewLinks(up, auth.PolicyFrom(d.Config)).Mount(d.Mux)
	pages, err := site.New(agg, up, site.Options{})
	if err != nil {
		return err
	}
	pages.Mount(d.Mux)
	d.Go(pages.Listen)
	admins, err := desk.New(agg, acc)
	if err != nil {
		return err
	}
	admins.Mount(d.Mux)
	return nil
}

func newIdentity(d *host.Deps, mailbox *outbox.Outbox) (*identity.Identity, error) {
	secret, err := keys.LoadSecret(d.Config)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	kr, err := keys.Open(ctx, d.DB, secret, d.Log)
	if err != nil {
		return nil, err
	}
	return identity.New(identity.Options{
		Accounts: accounts.New(accounts.NewStore(d.DB)),
		Keys:     kr,
		Policy:   auth.PolicyFrom(d.Config),
		Log:      d.Log,
		Mailer:   identity.NewMailer(d.Config, d.DB, mailbox, d.Log),
		Google:   identity.NewGoogle(d.Config),
		Secret:   secret,
		DB:       d.DB,
	}), nil
}

// maintain rotates signing keys and prunes ended sessions at start and then
// periodically.
func maintain(ctx context.Context, d *host.Deps, id *identity.Identity) {
	loop.Run(ctx, maintenanceEvery, loop.Kick{}, func(ctx context.Context) {
		if err := id.Keys.Maintain(ctx); err != nil && ctx.Err() == nil {
			d.Log.Error("signing key maintenance", slog.String("error", err.Error()))
		}
		if _, err := id.Accounts.PruneSessions(ctx); err != nil && ctx.Err() == nil {
			d.Log.Error("session pruning", slog.String("error", err.Error()))
		}
	})
}
