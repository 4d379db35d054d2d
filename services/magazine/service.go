// Package magazine is the magazine service of SteppersLife. It imports no other service.
package magazine

import "stepperslife/internal/kit/app"

// Service describes the magazine service to the kit.
func Service() app.Service {
	return app.Service{Name: "magazine"}
}
