package store_test

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Store API.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/products":                     {"get"},
		"/api/products/{slug}":              {"get"},
		"/api/vendors/{slug}":               {"get"},
		"/api/vendors":                      {"post"},
		"/api/vendors/{id}/products":        {"post"},
		"/api/products/{id}":                {"patch"},
		"/api/variants/{id}":                {"patch"},
		"/api/products/{id}/images":         {"post"},
		"/api/checkout":                     {"post"},
		"/api/me/orders":                    {"get"},
		"/api/orders/{id}":                  {"get"},
		"/api/vendors/{id}/orders":          {"get"},
		"/api/orders/{id}/ship":             {"post"},
		"/api/orders/{id}/ready-for-pickup": {"post"},
		"/api/orders/{id}/deliver":          {"post"},
		"/api/orders/{id}/cancel":           {"post"},
		"/api/orders/{id}/refund":           {"post"},
		"/api/webhooks/stripe":              {"post"},
		"/api/admin/queue":                  {"get"},
		"/api/admin/vendors/{id}/{action}":  {"post"},
	})
}
