package testenv_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"stepperslife/internal/kit/testenv"
)

// Every API document of the repository passes a third-party OpenAPI linter (Redocly
// CLI, recommended rules) without an error.
func TestAPIDocumentsPassRedoclyLint(t *testing.T) {
	const root = "../../.."
	docs := testenv.APIDocuments(t, root)
	if !slices.Contains(docs, "internal/kit/host/openapi.yaml") {
		t.Fatalf("the kit's API document is not among those found: %v", docs)
	}
	testenv.LintAPIDocuments(t, root, docs...)
}

// Contract paths match the document's whatever their parameters are named, as in
// OpenAPI itself; a method the document lacks is still reported.
func TestRequireOperationsMatchesPathsByTemplate(t *testing.T) {
	doc := filepath.Join(t.TempDir(), "openapi.yaml")
	body := "paths:\n  /api/things/{thing}:\n    get: {responses: {'200': {description: ok}}}\n"
	if err := os.WriteFile(doc, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	testenv.RequireOperations(t, doc, map[string][]string{"/api/things/{slug}": {"get"}})

	rec := &errorRecorder{TB: t}
	testenv.RequireOperations(rec, doc, map[string][]string{"/api/things/{id}": {"patch"}})
	if len(rec.errors) != 1 {
		t.Errorf("a missing PATCH gives %d errors: %q", len(rec.errors), rec.errors)
	}
}

// errorRecorder keeps the errors reported to it instead of failing the test.
type errorRecorder struct {
	testing.TB
	errors []string
}

func (r *errorRecorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
