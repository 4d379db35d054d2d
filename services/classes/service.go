// Package classes is the classes service of SteppersLife. It imports no other service.
package classes

import "stepperslife/internal/kit/app"

// Service describes the classes service to the kit.
func Service() app.Service {
	return app.Service{Name: "classes"}
}
