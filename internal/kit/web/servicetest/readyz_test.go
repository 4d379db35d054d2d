package servicetest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/testenv"
)

type readyAnswer struct {
	Status  string `json:"status"`
	Code    string `json:"code"`
	Error   string `json:"error"`
	Checks  map[string]string
	Details struct {
		Checks map[string]string `json:"checks"`
	} `json:"details"`
}

func ready(t *testing.T, h http.Handler) (int, readyAnswer) {
	t.Helper()
	rec := do(h, http.MethodGet, "/readyz", nil)
	var a readyAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("readyz: %v: %s", err, rec.Body)
	}
	return rec.Code, a
}

func TestReadyWithEmbeddedDefaults(t *testing.T) {
	in, _ := build(t, nil)
	if code, a := ready(t, in.Handler); code != 200 || a.Checks["database"] != "ok" || a.Checks["blobs"] != "ok" {
		t.Fatalf("%d %+v", code, a)
	}
}

func TestReadyWithPostgresAndMinIO(t *testing.T) {
	m := testenv.MinIO(t)
	env := m.Env("events")
	env["DATABASE_URL"] = dbtest.PostgresURL(t)
	in, _ := build(t, env)
	if code, a := ready(t, in.Handler); code != 200 || a.Status != "ready" {
		t.Fatalf("%d %+v", code, a)
	}

	m.Stop()
	code, a := ready(t, in.Handler)
	if code != 503 || a.Code != "UNAVAILABLE" || !strings.Contains(a.Error, "blobs") ||
		a.Details.Checks["blobs"] != "unavailable" || a.Details.Checks["database"] != "ok" {
		t.Fatalf("MinIO stopped: %d %+v", code, a)
	}
	if strings.Contains(a.Error, "database") {
		t.Fatalf("blames the database: %+v", a)
	}
}

func TestNotReadyWhenTheDatabaseIsGone(t *testing.T) {
	in, _ := build(t, nil)
	in.Deps.DB.Close()
	code, a := ready(t, in.Handler)
	if code != 503 || a.Code != "UNAVAILABLE" || !strings.Contains(a.Error, "database") ||
		a.Details.Checks["database"] != "unavailable" || a.Details.Checks["blobs"] != "ok" {
		t.Fatalf("%d %+v", code, a)
	}
	// Liveness is not readiness: the process still answers /healthz.
	if rec := do(in.Handler, http.MethodGet, "/healthz", nil); rec.Code != 200 {
		t.Fatalf("healthz: %d", rec.Code)
	}
}

// A database that lost a migrated table answers every page with 500: it is not ready.
func TestNotReadyWhenATableIsMissing(t *testing.T) {
	in, _ := build(t, nil)
	if _, err := in.Deps.DB.Exec("DROP TABLE processed_events"); err != nil {
		t.Fatal(err)
	}
	code, a := ready(t, in.Handler)
	if code != 503 || a.Details.Checks["database"] != "unavailable" {
		t.Fatalf("%d %+v", code, a)
	}
}
