package testenv

import (
	"os"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"
)

// APIOperation is one method of one path in an OpenAPI document.
type APIOperation struct {
	Responses map[string]any `yaml:"responses"`
}

// APIPaths reads the OpenAPI document at file: path → method → operation.
func APIPaths(t testing.TB, file string) map[string]map[string]APIOperation {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out := make(map[string]map[string]APIOperation, len(doc.Paths))
	for path, items := range doc.Paths {
		out[path] = map[string]APIOperation{}
		for key, node := range items {
			if node.Kind == yaml.AliasNode { // post: *get, an operation written once
				node = *node.Alias
			}
			if node.Kind != yaml.MappingNode {
				continue // path-level parameters, not an operation
			}
			var op APIOperation
			if err := node.Decode(&op); err != nil {
				t.Fatalf("%s: %s %s: %v", file, key, path, err)
			}
			out[path][key] = op
		}
	}
	return out
}

// RequireOperations fails t for every method of want (path → methods) the document
// in file lacks. Paths match as OpenAPI matches them, whatever their parameters are
// named: /api/restaurants/{slug} is the document's /api/restaurants/{restaurant}.
func RequireOperations(t testing.TB, file string, want map[string][]string) {
	t.Helper()
	byTemplate := map[string]map[string]APIOperation{}
	for path, methods := range APIPaths(t, file) {
		byTemplate[template(path)] = methods
	}
	for path, methods := range want {
		for _, m := range methods {
			if _, ok := byTemplate[template(path)][m]; !ok {
				t.Errorf("%s lacks %s %s", file, m, path)
			}
		}
	}
}

// pathParam is one templated segment of a path, such as {id}.
var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// template is path with its parameter names left out.
func template(path string) string {
	return pathParam.ReplaceAllString(path, "{}")
}
