package servicetest_test

import (
	"net/http"
	"strconv"
	"testing"

	"stepperslife/internal/kit/testenv"
)

// Every path the kit's API document promises is answered by a built service, with
// one of the statuses the document lists for it.
func TestKitAPIDocumentMatchesTheRoutes(t *testing.T) {
	paths := testenv.APIPaths(t, "../../host/openapi.yaml")
	if len(paths) < 7 {
		t.Fatalf("the document lists %d paths", len(paths))
	}
	in, _ := build(t, nil)
	for path, methods := range paths {
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
