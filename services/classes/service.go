// Package classes is the classes service of SteppersLife. It imports no other service.
package classes

import (
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
)

// Service describes the classes service to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "classes",
		Migrations: []db.Migrations{host.KitMigrations},
		Build:      build,
	}
}

// build mounts nothing of its own yet; the feed routes answer empty lists.
func build(*host.Deps) (host.Parts, error) {
	return host.Parts{Feed: feed.None{}}, nil
}
