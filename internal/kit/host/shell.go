package host

import (
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
)

// Shell is a service that has nothing of its own yet: its database holds the kit's
// tables, it mounts no routes beyond the kit's, and its feed and admin queue answer
// empty lists. It is where store, classes, magazine and services start;
// docs/new-service.md tells how a service replaces it with its own Service() in the
// shape of events.
func Shell(name string) Service {
	return Service{
		Name:       name,
		Migrations: []db.Migrations{KitMigrations},
		Build: func(*Deps) (Parts, error) {
			return Parts{Feed: feed.None{}}, nil
		},
	}
}
