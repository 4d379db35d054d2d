package servicetest_test

import (
	"net/http"
	"os"
	"strconv"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Every path the kit's API document promises is answered by a built service, with
// one of the statuses the document lists for it.
func TestKitAPIDocumentMatchesTheRoutes(t *testing.T) {
	b, err := os.ReadFile("../../app/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `yaml:"responses"`
		} `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Paths) < 7 {
		t.Fatalf("the document lists %d paths", len(doc.Paths))
	}
	in, _ := build(t, nil)
	for path, methods := range doc.Paths {
		for method, op := range methods {
			rec := do(in.Handler, http.MethodGet, path, nil)
			if method != "get" {
				t.Fatalf("%s %s: only GET paths are documented here", method, path)
			}
			if _, ok := op.Responses[strconv.Itoa(rec.Code)]; !ok {
				t.Errorf("GET %s answered %d, which the document does not list", path, rec.Code)
			}
		}
	}
}
