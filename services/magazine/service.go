// Package magazine is the magazine service of SteppersLife. It imports no other service.
package magazine

import "stepperslife/internal/kit/host"

// Service describes the magazine service to the kit: a shell (host.Shell) until it is
// built in the shape of events, as docs/new-service.md tells.
func Service() host.Service { return host.Shell("magazine") }
