// Package store is the store service of SteppersLife. It imports no other service.
package store

import "stepperslife/internal/kit/app"

// Service describes the store service to the kit.
func Service() app.Service {
	return app.Service{Name: "store"}
}
