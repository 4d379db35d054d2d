// Package portal is the portal service of SteppersLife. It imports no other service.
package portal

import "stepperslife/internal/kit/app"

// Service describes the portal service to the kit.
func Service() app.Service {
	return app.Service{Name: "portal"}
}
