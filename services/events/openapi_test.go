package events_test

import (
	"os"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The API document parses and names every path of the contract's Events API.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	b, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
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
	}
	for path, methods := range want {
		for _, m := range methods {
			if _, ok := doc.Paths[path][m]; !ok {
				t.Errorf("openapi.yaml lacks %s %s", m, path)
			}
		}
	}
}
