// Package events is the events service of SteppersLife. It imports no other service.
package events

import "stepperslife/internal/kit/app"

// Service describes the events service to the kit.
func Service() app.Service {
	return app.Service{Name: "events"}
}
