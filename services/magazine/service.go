// Package magazine is the magazine service of SteppersLife. It imports no other service.
package magazine

import (
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
)

// Service describes the magazine service to the kit.
func Service() host.Service {
	return host.Service{
		Name:       "magazine",
		Migrations: []db.Migrations{host.KitMigrations},
		Build:      build,
	}
}

// build mounts nothing of its own yet; the feed routes answer empty lists.
func build(*host.Deps) (host.Parts, error) {
	return host.Parts{Feed: feed.None{}}, nil
}
