// Package store is the store service of SteppersLife. It imports no other service.
package store

import "stepperslife/internal/kit/host"

// Service describes the store service to the kit: a shell (host.Shell) until it is
// built in the shape of events, as docs/new-service.md tells.
func Service() host.Service { return host.Shell("store") }
