package events_test

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Events API.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	want := map[string][]string{
		"/api/events":                   {"get", "post"},
		"/api/events/{slug}":            {"get"},
		"/api/events/{id}/publish":      {"post"},
		"/api/events/{id}/tiers":        {"post"},
		"/api/events/{id}/flyer":        {"put"},
		"/api/tickets/purchase":         {"post"},
		"/api/me/tickets":               {"get"},
		"/api/orders/{id}/approve-cash": {"post"},
		"/api/orders/{id}/refund":       {"post"},
		"/api/events/{id}/checkin":      {"post"},
		"/api/events/{id}/attendees":    {"get"},
		"/api/webhooks/stripe":          {"post"},
		"/api/tickets/{code}/qr.png":    {"get"},
		"/api/events/{id}/checkin/undo": {"post"},
		"/api/events/{id}/discounts":    {"get", "post"},
		"/api/events/{id}/staff":        {"get", "post"},
		"/api/events/{id}/cancel":       {"post"},
		"/api/tickets/{code}/transfer":  {"post"},
		"/api/tickets/quote":            {"post"},
		"/api/events/{id}/messages":     {"post"},
		"/api/events/{event}":           {"get", "patch"},
	}
	testenv.RequireOperations(t, "openapi.yaml", want)
}
