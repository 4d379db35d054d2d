package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"stepperslife/internal/kit/app"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/platform"
	"stepperslife/services/classes"
	"stepperslife/services/events"
	"stepperslife/services/magazine"
	"stepperslife/services/portal"
	"stepperslife/services/restaurants"
	"stepperslife/services/services"
	"stepperslife/services/store"
)

// catalog maps each service name to its definition; this is the only place that
// knows every service.
var catalog = map[string]func() app.Service{
	"portal":      portal.Service,
	"restaurants": restaurants.Service,
	"events":      events.Service,
	"store":       store.Service,
	"classes":     classes.Service,
	"magazine":    magazine.Service,
	"services":    services.Service,
}

func lookup(name string) (app.Service, error) {
	def, ok := catalog[name]
	if !ok {
		return app.Service{}, fmt.Errorf("unknown service %q (one of %s)", name, strings.Join(platform.Names(), " "))
	}
	return def(), nil
}

func serve(ctx context.Context, svc app.Service) error {
	if err := app.Run(ctx, svc, os.Getenv); err != nil {
		// One line naming what is wrong; config errors name the variable.
		return fmt.Errorf("%s: %w", svc.Name, err)
	}
	return nil
}

func migrate(ctx context.Context, name string, out io.Writer) error {
	svc, err := lookup(name)
	if err != nil {
		return err
	}
	cfg, err := config.Load(name, os.Getenv)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	d, err := app.Open(ctx, cfg, svc, slog.Default())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	d.DB.Close()
	fmt.Fprintf(out, "%s: migrations applied to %s\n", name, cfg.DatabaseKind())
	return nil
}
