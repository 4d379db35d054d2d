// Package servicestest runs the whole services directory for tests on the kit's
// harness (internal/kit/hosttest) and adds its fixtures: the people of the tests and
// an approved listing.
package servicestest

import (
	"strconv"
	"testing"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/services"
	"stepperslife/services/services/app"
)

// Options tune the service under test.
type Options = hosttest.Options

// Response is an answer read whole.
type Response = hosttest.Response

// Server is a running services directory.
type Server struct{ *hosttest.Server }

// Start builds and serves the services directory until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	return &Server{hosttest.Start(t, services.Service(), o)}
}

// EachDB runs fn with an empty SQLite URL and with a throwaway PostgreSQL database.
func EachDB(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	hosttest.EachDB(t, fn)
}

// App is the service's use cases.
func (s *Server) App() *app.Service { return s.Instance.Parts.App.(*app.Service) }

// Users for tests.
var (
	Owner = &auth.User{ID: "u-dj", Email: "dj@example.com", Name: "Dee Jay",
		Roles: []string{auth.RoleUser, auth.RoleServiceProvider}}
	OtherOwner = &auth.User{ID: "u-photo", Email: "photo@example.com", Name: "Pat Photo",
		Roles: []string{auth.RoleUser, auth.RoleServiceProvider}}
	Customer = &auth.User{ID: "u-cust", Email: "cust@example.com", Name: "Cara Customer", Roles: []string{auth.RoleUser}}
	Admin    = &auth.User{ID: "u-admin", Email: "admin@example.com", Name: "Ada Admin", Roles: []string{auth.RoleUser, auth.RoleAdmin}}
)

// CustomerN is the n-th distinct customer.
func CustomerN(n int) *auth.User {
	return &auth.User{ID: "u-cust-" + strconv.Itoa(n), Email: "cust" + strconv.Itoa(n) + "@example.com",
		Name: "Customer " + strconv.Itoa(n), Roles: []string{auth.RoleUser}}
}

// Application is a valid application for a DJ based on Chicago's South Side.
func Application(name string) servicesapi.ProviderInput {
	return servicesapi.ProviderInput{BusinessName: name, Tagline: "Steppers sets all night",
		Description: "We spin **steppers** and R&B.", Category: "DJ", Phone: "(312) 555-0142", Email: "book@example.com",
		City: "Chicago", ZIP: "60619", PriceRange: "MODERATE", StartingPriceCents: 45000,
		Details: servicesapi.Details{Genres: []string{"STEPPERS"}, HourlyRateCents: 15000, MinimumHours: 3}}
}

// Listed applies as owner and has the admin approve: a public listing.
func (s *Server) Listed(owner *auth.User, in servicesapi.ProviderInput) servicesapi.Provider {
	s.T.Helper()
	var p servicesapi.Provider
	s.Must(201, "POST", "/api/providers", owner, in).JSON(s.T, &p)
	s.Must(200, "POST", "/api/admin/providers/"+p.ID+"/approve", Admin, nil).JSON(s.T, &p)
	return p
}
