package services_test

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Services API.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/providers":                    {"get", "post"},
		"/api/providers/{slug}":             {"get"},
		"/api/categories":                   {"get"},
		"/api/admin/providers/{id}/approve": {"post"},
		"/api/admin/providers/{id}/suspend": {"post"},
		"/api/admin/providers/{id}/premium": {"post"},
		"/api/providers/{id}/photos":        {"post"},
		"/api/providers/{id}/inquiries":     {"get", "post"},
		"/api/inquiries/{id}":               {"get", "patch"},
		"/api/inquiries/{id}/messages":      {"post"},
		"/api/me/inquiries":                 {"get"},
		"/api/providers/{id}/reviews":       {"post"},
		"/api/reviews/{id}/reply":           {"post"},
	})
}
