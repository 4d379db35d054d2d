package servicetest_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/testenv"
	"stepperslife/internal/kit/web"
)

// things is a tiny service: one read route, one write route and one that panics,
// with a data version (nothing it writes bumps it).
var things = host.Service{
	Name:       "events",
	Migrations: []db.Migrations{host.KitMigrations, cache.Migrations("things-cache")},
	Build: func(d *host.Deps) (host.Parts, error) {
		d.Mux.HandleFunc("GET /api/things/{id}", func(w http.ResponseWriter, r *http.Request) {
			web.WriteJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id")})
		})
		d.Mux.HandleFunc("POST /api/things", func(w http.ResponseWriter, r *http.Request) {
			var in struct {
				Name string `json:"name"`
			}
			if err := web.DecodeJSON(r, &in); err != nil {
				web.WriteError(w, r, err)
				return
			}
			web.WriteJSON(w, http.StatusCreated, in)
		})
		d.Mux.HandleFunc("GET /api/boom", func(http.ResponseWriter, *http.Request) { panic("secret internals") })
		return host.Parts{Feed: feed.None{}, Cache: cache.New(d.DB, nil)}, nil
	},
}

// build assembles the service with env (DATA_DIR is a fresh folder unless given),
// logging into the returned buffer.
func build(t testing.TB, env map[string]string) (*host.Instance, *testenv.Buffer) {
	t.Helper()
	logs := &testenv.Buffer{}
	return buildLogging(t, env, logs), logs
}

func buildLogging(t testing.TB, env map[string]string, logs io.Writer) *host.Instance {
	t.Helper()
	vars := map[string]string{"DATA_DIR": t.TempDir()}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(things.Name, func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	in, err := host.Build(context.Background(), cfg, things, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	return in
}

func do(h http.Handler, method, target string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// errorOf decodes an error answer in the contract's shape.
func errorOf(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("not JSON (%d): %s", rec.Code, rec.Body)
	}
	for _, k := range []string{"error", "code", "requestId"} {
		if s, _ := b[k].(string); s == "" {
			t.Fatalf("error answer lacks %q: %s", k, rec.Body)
		}
	}
	if b["requestId"] != rec.Header().Get(web.RequestIDHeader) {
		t.Fatalf("requestId %v, header %q", b["requestId"], rec.Header().Get(web.RequestIDHeader))
	}
	return b
}
