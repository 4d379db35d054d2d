// Package classes is the classes service of SteppersLife. It imports no other service.
package classes

import "stepperslife/internal/kit/host"

// Service describes the classes service to the kit: a shell (host.Shell) until it is
// built in the shape of events, as docs/new-service.md tells.
func Service() host.Service { return host.Shell("classes") }
