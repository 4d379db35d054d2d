// Package services is the services service of SteppersLife. It imports no other service.
package services

import "stepperslife/internal/kit/host"

// Service describes the services service to the kit.
func Service() host.Service {
	return host.Service{Name: "services"}
}
