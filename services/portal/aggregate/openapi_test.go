package aggregate

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names the aggregation and routing paths.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/feed": {"get"}, "/api/search": {"get"}, "/api/me/activity": {"get"}, "/api/admin/queue": {"get"},
		"/api/{service}/{path}": {"get", "post", "put", "patch", "delete"},
		"/go/{service}/{path}":  {"get"},
	})
}
