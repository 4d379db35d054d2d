package aggregate

import (
	"os"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The API document parses and names the aggregation and routing paths.
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
	for path, methods := range map[string][]string{
		"/api/feed": {"get"}, "/api/search": {"get"}, "/api/me/activity": {"get"},
		"/api/{service}/{path}": {"get", "post", "put", "patch", "delete"},
	} {
		for _, m := range methods {
			if _, ok := doc.Paths[path][m]; !ok {
				t.Errorf("openapi.yaml lacks %s %s", m, path)
			}
		}
	}
}
