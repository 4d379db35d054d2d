package classes_test

import (
	"testing"

	"stepperslife/internal/kit/testenv"
)

// The API document parses and names every path of the contract's Classes API.
func TestOpenAPIDocumentsTheContract(t *testing.T) {
	testenv.RequireOperations(t, "openapi.yaml", map[string][]string{
		"/api/classes":                                      {"get", "post"},
		"/api/classes/{slug}":                               {"get"},
		"/api/classes/{id}/publish":                         {"post"},
		"/api/classes/{id}/cancel":                          {"post"},
		"/api/enrollments":                                  {"post"},
		"/api/enrollments/{id}/cancel":                      {"post"},
		"/api/me/enrollments":                               {"get"},
		"/api/classes/{id}/roster":                          {"get"},
		"/api/classes/{id}/sessions/{sessionId}/attendance": {"put"},
		"/api/classes/{id}/reviews":                         {"post"},
		"/api/reviews/{id}/reply":                           {"post"},
		"/classes/{slug}/calendar.ics":                      {"get"},
		"/api/webhooks/stripe":                              {"post"},
	})
}
