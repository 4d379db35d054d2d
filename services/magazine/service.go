// Package magazine is the magazine service of SteppersLife. It imports no other service.
package magazine

import "stepperslife/internal/kit/host"

// Service describes the magazine service to the kit.
func Service() host.Service {
	return host.Service{Name: "magazine"}
}
