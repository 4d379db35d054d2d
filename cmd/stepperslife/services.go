package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/host"
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
var catalog = map[string]func() host.Service{
	"portal":      portal.Service,
	"restaurants": restaurants.Service,
	"events":      events.Service,
	"store":       store.Service,
	"classes":     classes.Service,
	"magazine":    magazine.Service,
	"services":    services.Service,
}

func lookup(name string) (host.Service, error) {
	def, ok := catalog[name]
	if !ok {
		return host.Service{}, fmt.Errorf("unknown service %q (one of %s)", name, strings.Join(platform.Names(), " "))
	}
	return def(), nil
}

func serve(ctx context.Context, svc host.Service) error {
	host.Version = version
	if err := host.Run(ctx, svc, os.Getenv); err != nil {
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
	d, err := host.Open(ctx, cfg, svc, slog.Default())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	d.DB.Close()
	fmt.Fprintf(out, "%s: migrations applied to %s\n", name, cfg.DatabaseKind())
	return nil
}
