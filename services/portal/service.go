// Package portal is the portal service of SteppersLife. It imports no other service.
package portal

import (
	"context"
	"log/slog"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/aggregate"
	"stepperslife/services/portal/gateway"
	"stepperslife/services/portal/identity"
	"stepperslife/services/portal/keys"
	"stepperslife/services/portal/schema"
	"stepperslife/services/portal/site"
)

// maintenanceEvery is how often signing keys are checked for rotation and ended
// sessions are pruned.
const maintenanceEvery = time.Hour

// Service describes the portal service to the kit.
func Service() host.Service {
	var id *identity.Identity
	var mailbox *outbox.Outbox
	return host.Service{
		Name:       "portal",
		Migrations: schema.Migrations,
		Aggregates: true,
		Demo:       loadDemo,
		// The portal verifies its own sessions with its local keys, and refuses the
		// tokens of revoked sessions at once.
		Verifier: func(d *host.Deps) (auth.Verifier, error) {
			var err error
			mailbox = outbox.New(d.DB, mail.New(d.Config.SMTP, d.Log), d.Log)
			id, err = newIdentity(d, mailbox)
			if err != nil {
				return nil, err
			}
			return id.Verifier(), nil
		},
		Mount: func(d *host.Deps) error {
			id.Mount(d.Mux)
			d.Go(func(ctx context.Context) { maintain(ctx, d, id) })
			d.Go(mailbox.Run)
			// The kit closes the database only after its background work ends.
			d.Go(func(ctx context.Context) { <-ctx.Done(); id.Wait() })
			return mountAggregation(d)
		},
	}
}

// mountAggregation adds what the portal shows of the six services: the aggregated
// feed, search and activity, the gateway that forwards purchases, and the pages.
func mountAggregation(d *host.Deps) error {
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
	pages, err := site.New(agg, up, site.Options{})
	if err != nil {
		return err
	}
	pages.Mount(d.Mux)
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
	}), nil
}

func maintain(ctx context.Context, d *host.Deps, id *identity.Identity) {
	t := time.NewTicker(maintenanceEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := id.Keys.Maintain(ctx); err != nil {
			d.Log.Error("signing key maintenance", slog.String("error", err.Error()))
		}
		if _, err := id.Accounts.PruneSessions(ctx); err != nil {
			d.Log.Error("session pruning", slog.String("error", err.Error()))
		}
	}
}
