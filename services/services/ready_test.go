package services_test

import (
	"testing"

	st "stepperslife/services/services/servicestest"
)

// Readiness knows the search index is the database's own (FTS5 or pg_trgm): ready on both.
func TestReadyOnBothDatabases(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		s.Must(200, "GET", "/readyz", nil, nil)
	})
}
