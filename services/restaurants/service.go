// Package restaurants is the restaurants service of SteppersLife: restaurants and
// their menus, pickup orders with card or pay-at-pickup payment, and the owner
// dashboard. It imports no other service.
package restaurants

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"io/fs"
	"sync"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/payments"
	"stepperslife/services/restaurants/adapters/mail"
	"stepperslife/services/restaurants/adapters/sqlstore"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/demo"
	"stepperslife/services/restaurants/migrations"
	"stepperslife/services/restaurants/ports/httpapi"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/*
var staticFS embed.FS

// Service describes the restaurants service to the kit.
func Service() host.Service { return ServiceWith(nil) }

// ServiceWith is Service with a hook that sees (and may adjust) the use cases once
// they are assembled; tests use it to reach the order hub or set the clock.
func ServiceWith(configure func(*app.Service)) host.Service {
	f := &lazyFeed{}
	return host.Service{
		Name:       "restaurants",
		Migrations: migrations.Set,
		Feed:       f,
		Mount: func(d *host.Deps) error {
			svc := NewApp(d)
			if d.Config.SMTP.Host != "" {
				svc.UseMail(mail.New(d.Config.SMTP, d.Log))
				d.Go(svc.RunMailer)
			}
			if configure != nil {
				configure(svc)
			}
			f.set(app.Feed{S: svc})
			return Mount(d, svc)
		},
		Demo: func(ctx context.Context, d *host.Deps) error {
			return demo.Load(ctx, sqlstore.New(d.DB), d.Blobs, d.Log)
		},
	}
}

// NewApp assembles the use cases from the kit's pieces.
func NewApp(d *host.Deps) *app.Service {
	return &app.Service{
		Store:     sqlstore.New(d.DB),
		Blobs:     d.Blobs,
		Pay:       payments.New(d.Config.Stripe, d.DB, d.Log),
		Hub:       app.NewHub(),
		Log:       d.Log,
		PublicURL: d.Config.PublicURL,
		PortalURL: d.Config.NextAuthURL,
	}
}

// Mount registers the service's routes for svc.
func Mount(d *host.Deps, svc *app.Service) error {
	tpl, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return err
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return err
	}
	pay, ok := svc.Pay.(*payments.Payments)
	if !ok {
		return errors.New("restaurants: the webhook needs the kit's payments client")
	}
	store := sqlstore.New(d.DB)
	h, err := httpapi.New(httpapi.Handlers{App: svc, DB: d.DB, Payments: pay,
		TxStore: func(tx *sql.Tx) app.Store { return store.WithTx(tx) }, Blobs: d.Blobs, Log: d.Log,
		PortalURL: d.Config.NextAuthURL}, tpl, static)
	if err != nil {
		return err
	}
	h.Mount(d.Mux)
	return nil
}

// lazyFeed lets the kit mount the feed routes before the service's pieces exist.
type lazyFeed struct {
	mu sync.RWMutex
	p  feed.Provider
}

func (l *lazyFeed) set(p feed.Provider) {
	l.mu.Lock()
	l.p = p
	l.mu.Unlock()
}

func (l *lazyFeed) get() feed.Provider {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.p == nil {
		return feed.None{}
	}
	return l.p
}

func (l *lazyFeed) Feed(ctx context.Context, limit int) ([]feed.Item, error) {
	return l.get().Feed(ctx, limit)
}

func (l *lazyFeed) Search(ctx context.Context, q string, limit int) ([]feed.Item, error) {
	return l.get().Search(ctx, q, limit)
}

func (l *lazyFeed) Activity(ctx context.Context, u *auth.User, limit int) ([]feed.Item, error) {
	return l.get().Activity(ctx, u, limit)
}
