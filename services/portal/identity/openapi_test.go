package identity

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Identity section.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/auth/register":                 {"post"},
		"/api/auth/login":                    {"post"},
		"/api/auth/logout":                   {"post"},
		"/api/auth/session":                  {"get"},
		"/.well-known/jwks.json":             {"get"},
		"/api/me/roles":                      {"post"},
		"/api/admin/users/{id}/roles":        {"post"},
		"/api/admin/users/{id}/roles/{role}": {"delete"},
	})
}
