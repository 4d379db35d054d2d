// Package payments is the card-payment kit shared by every service that sells: Stripe
// Connect onboarding for businesses, Checkout Sessions as destination charges that
// carry the platform fee, refunds, and the verified, once-only webhook. Each service
// builds its own Payments from its own Stripe keys.
package payments

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/errs"
)

// ErrCardPaymentsOff answers every card call of a service that has no Stripe keys.
var ErrCardPaymentsOff = errs.Errorf(errs.CodeUnavailable,
	"Card payment is off for this service; choose another payment method.")

// Payments talks to this service's own Stripe account. The zero-key value still works:
// Enabled reports false and every card call returns ErrCardPaymentsOff.
type Payments struct {
	cfg    config.Stripe
	store  *db.DB
	log    *slog.Logger
	client *stripe.Client // nil when card payments are off
}

// New builds the service's payments from its Stripe configuration. store holds the
// kit's processed_events table (app.KitMigrations); log may be nil.
func New(cfg config.Stripe, store *db.DB, log *slog.Logger) *Payments {
	if log == nil {
		log = slog.Default()
	}
	p := &Payments{cfg: cfg, store: store, log: log}
	if cfg.Enabled() {
		p.client = newClient(cfg)
	}
	return p
}

// Enabled reports whether card payments are on for this service.
func (p *Payments) Enabled() bool { return p != nil && p.client != nil }

// newClient uses the v82 client with its own backends so each service's key and
// API base (e.g. a local stripe-mock) never leak into the package globals.
func newClient(cfg config.Stripe) *stripe.Client {
	bc := &stripe.BackendConfig{
		HTTPClient: &http.Client{Timeout: 30 * time.Second},
		// Failures reach our own log through stripeFailure, without the key.
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if cfg.APIBase != "" {
		bc.URL = stripe.String(strings.TrimRight(cfg.APIBase, "/"))
	}
	return stripe.NewClient(cfg.SecretKey.Reveal(), stripe.WithBackends(stripe.NewBackendsWithConfig(bc)))
}
