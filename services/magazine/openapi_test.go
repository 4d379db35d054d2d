package magazine_test

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Magazine API.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/articles":                    {"get", "post"},
		"/api/articles/{slug}":             {"get"},
		"/api/articles/{id}":               {"patch"},
		"/api/articles/{id}/cover":         {"put"},
		"/api/articles/{id}/submit":        {"post"},
		"/api/me/articles":                 {"get"},
		"/api/admin/articles/{id}/publish": {"post"},
		"/api/admin/articles/{id}/reject":  {"post"},
		"/api/admin/articles/{id}/feature": {"post"},
		"/api/admin/articles/{id}/archive": {"post"},
	})
}
