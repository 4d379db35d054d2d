package restaurants_test

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Restaurants API.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/restaurants":                                {"get", "post"},
		"/api/restaurants/{slug}":                         {"get"},
		"/api/admin/restaurants/{id}/{action}":            {"post"},
		"/api/restaurants/{id}/menu/items":                {"post"},
		"/api/restaurants/{id}/menu/items/{itemId}":       {"patch"},
		"/api/restaurants/{id}/menu/items/{itemId}/image": {"put"},
		"/api/orders":                  {"post"},
		"/api/orders/{id}":             {"get", "patch"},
		"/api/me/orders":               {"get"},
		"/api/restaurants/{id}/orders": {"get"},
		"/api/webhooks/stripe":         {"post"},
	})
}
