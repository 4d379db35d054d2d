// Package classes is the classes service of SteppersLife. It imports no other service.
package classes

import "stepperslife/internal/kit/host"

// Service describes the classes service to the kit.
func Service() host.Service {
	return host.Service{Name: "classes"}
}
