// Package store is the store service of SteppersLife. It imports no other service.
package store

import "stepperslife/internal/kit/host"

// Service describes the store service to the kit.
func Service() host.Service {
	return host.Service{Name: "store"}
}
