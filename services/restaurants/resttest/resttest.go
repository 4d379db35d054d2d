// Package resttest runs the whole restaurants service for tests on the kit's harness
// (internal/kit/hosttest) and adds the restaurants fixtures: the people of the tests
// and the use cases the service built, for tests that watch it from inside.
package resttest

import (
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/restaurants"
	"stepperslife/services/restaurants/app"
)

// People of the tests. The team members proved their addresses (EmailVerified): a
// membership, granted to an address, counts only then.
var (
	Owner    = auth.User{ID: "u-owner", Email: "owner@example.com", Name: "Olivia Owner", Roles: []string{auth.RoleUser, auth.RoleRestaurantOwner}}
	Admin    = auth.User{ID: "u-admin", Email: "admin@example.com", Name: "Ada Admin", Roles: []string{auth.RoleUser, auth.RoleAdmin}}
	Customer = auth.User{ID: "u-cust", Email: "cust@example.com", Name: "Carl Customer", Roles: []string{auth.RoleUser}}
	Manager  = auth.User{ID: "u-mgr", Email: "manager@example.com", Name: "Mia Manager", Roles: []string{auth.RoleUser}, EmailVerified: true}
	Staff    = auth.User{ID: "u-staff", Email: "staff@example.com", Name: "Sam Staff", Roles: []string{auth.RoleUser}, EmailVerified: true}
	Stranger = auth.User{ID: "u-x", Email: "x@example.com", Name: "Xavier", Roles: []string{auth.RoleUser}}
)

// Options adjust the service under test.
type Options = hosttest.Options

// Response is an answer, read whole.
type Response = hosttest.Response

// Env is a running restaurants service.
type Env struct {
	*hosttest.Server
	// App is the use cases the service built (its order hub, its clock).
	App *app.Service
}

// Start builds and serves the service; it stops when the test ends.
func Start(t testing.TB, o Options) *Env {
	t.Helper()
	s := hosttest.Start(t, restaurants.Service(), o)
	return &Env{Server: s, App: s.Instance.Parts.App.(*app.Service)}
}
