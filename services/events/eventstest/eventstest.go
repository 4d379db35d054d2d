// Package eventstest runs the whole events service for tests on the kit's harness
// (internal/kit/hosttest) and adds the events fixtures: the people of the tests, an
// organizer's published event with a tier, a purchase.
package eventstest

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/events"
)

// Options tune the service under test.
type Options = hosttest.Options

// Response is an answer read whole.
type Response = hosttest.Response

// Server is a running events service.
type Server struct{ *hosttest.Server }

// Start builds and serves the events service until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	return &Server{hosttest.Start(t, events.Service(), o)}
}

// EachDB runs fn with an empty SQLite URL and with a throwaway PostgreSQL database.
func EachDB(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	hosttest.EachDB(t, fn)
}

// Users for tests.
var (
	Organizer = &auth.User{ID: "u-org", Email: "olga@example.com", Name: "Olga Organizer",
		Roles: []string{auth.RoleUser, auth.RoleEventOrganizer}}
	OtherOrganizer = &auth.User{ID: "u-org2", Email: "oscar@example.com", Name: "Oscar Other",
		Roles: []string{auth.RoleUser, auth.RoleEventOrganizer}}
	Staffer = &auth.User{ID: "u-staff", Email: "sam@example.com", Name: "Sam Staff", Roles: []string{auth.RoleUser},
		EmailVerified: true}
	Buyer = &auth.User{ID: "u-buyer", Email: "bea@example.com", Name: "Bea Buyer", Roles: []string{auth.RoleUser}}
)

// BuyerN is the n-th distinct buyer.
func BuyerN(n int) *auth.User {
	return &auth.User{ID: "u-buyer-" + strconv.Itoa(n), Email: "buyer" + strconv.Itoa(n) + "@example.com", Name: "Buyer " + strconv.Itoa(n),
		Roles: []string{auth.RoleUser}}
}

// Event is what tests read back about an event.
type Event struct {
	ID     string `json:"id"`
	Slug   string `json:"slug"`
	Status string `json:"status"`
	Tiers  []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Left int    `json:"left"`
	} `json:"tiers"`
	FlyerURL string `json:"flyerUrl"`
}

// Order is what tests read back about an order.
type Order struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	TotalCents  int64  `json:"totalCents"`
	FeeCents    int64  `json:"platformFeeCents"`
	CheckoutURL string `json:"checkoutUrl"`
	Tickets     []struct {
		Code   string `json:"code"`
		Status string `json:"status"`
		TierID string `json:"tierId"`
	} `json:"tickets"`
}

// PublishedEvent creates and publishes an event starting in a week with one tier,
// and returns its id and the tier's id.
func (s *Server) PublishedEvent(title string, priceCents int64, capacity int) (eventID, tierID string) {
	s.T.Helper()
	start := time.Now().Add(7 * 24 * time.Hour).UTC().Truncate(time.Second)
	res := s.Do("POST", "/api/events", Organizer, map[string]any{"title": title, "description": "A night of steppin.",
		"category": "BALL", "venue": "Grand Ballroom", "address": "6351 S Cottage Grove Ave, Chicago",
		"startsAt": start, "endsAt": start.Add(5 * time.Hour)})
	if res.Status != http.StatusCreated {
		s.T.Fatalf("create event: %d %s", res.Status, res.Body)
	}
	var ev Event
	res.JSON(s.T, &ev)
	res = s.Do("POST", "/api/events/"+ev.ID+"/tiers", Organizer, map[string]any{"name": "General", "priceCents": priceCents,
		"capacity": capacity, "maxPerOrder": 10})
	if res.Status != http.StatusCreated {
		s.T.Fatalf("add tier: %d %s", res.Status, res.Body)
	}
	var tier struct {
		ID string `json:"id"`
	}
	res.JSON(s.T, &tier)
	if res = s.Do("POST", "/api/events/"+ev.ID+"/publish", Organizer, nil); res.Status != http.StatusOK {
		s.T.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	return ev.ID, tier.ID
}

// Buy purchases quantity tickets of a tier as u.
func (s *Server) Buy(u *auth.User, eventID, tierID string, quantity int, method string, headers ...string) Response {
	s.T.Helper()
	return s.Do("POST", "/api/tickets/purchase", u, PurchaseBody(eventID, tierID, quantity, method, u), headers...)
}

// PurchaseBody is the contract's purchase request.
func PurchaseBody(eventID, tierID string, quantity int, method string, u *auth.User) map[string]any {
	return map[string]any{"eventId": eventID, "items": []map[string]any{{"tierId": tierID, "quantity": quantity}},
		"paymentMethod": method, "attendee": map[string]string{"name": u.Name, "email": u.Email}}
}
