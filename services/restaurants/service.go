// Package restaurants is the restaurants service of SteppersLife. It imports no other service.
package restaurants

import "stepperslife/internal/kit/app"

// Service describes the restaurants service to the kit.
func Service() app.Service {
	return app.Service{Name: "restaurants"}
}
