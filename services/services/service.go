// Package services is the services service of SteppersLife. It imports no other service.
package services

import "stepperslife/internal/kit/app"

// Service describes the services service to the kit.
func Service() app.Service {
	return app.Service{Name: "services"}
}
