package magazine_test

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Magazine API, and
// the legends and memories beside it.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/articles":                        {"get", "post"},
		"/api/articles/{slug}":                 {"get"},
		"/api/articles/{id}":                   {"patch"},
		"/api/articles/{id}/cover":             {"put"},
		"/api/articles/{id}/submit":            {"post"},
		"/api/me/articles":                     {"get"},
		"/api/admin/articles/{id}/publish":     {"post"},
		"/api/admin/articles/{id}/reject":      {"post"},
		"/api/admin/articles/{id}/feature":     {"post"},
		"/api/admin/articles/{id}/archive":     {"post"},
		"/api/articles/{id}/coauthors":         {"post"},
		"/api/articles/{id}/coauthors/{email}": {"delete"},
		"/api/legends":                         {"get"},
		"/api/legends/{slug}":                  {"get"},
		"/api/legends/{slug}/memories":         {"post"},
		"/api/memories/{id}":                   {"get"},
		"/api/memories/{id}/photo":             {"put"},
		"/api/me/memories":                     {"get"},
		"/api/admin/legends":                   {"post"},
		"/api/admin/legends/{id}":              {"patch"},
		"/api/admin/legends/{id}/portrait":     {"put"},
		"/api/admin/memories":                  {"get"},
		"/api/admin/memories/{id}/approve":     {"post"},
		"/api/admin/memories/{id}/decline":     {"post"},
	})
}
