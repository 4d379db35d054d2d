package portal_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/services/portal"
)

// The portal keeps nothing but users, roles and sessions (and what signing in
// needs: its signing keys, reset and e-mail verification tokens, and the kit outbox
// their e-mails wait in), and the kit's audit trail, which here holds the role
// changes: who granted or took which role from whom, when and why. The rate limit
// tables hold recent sign-in and registration attempts, so every replica of the
// portal counts the same ones: auth data, purged once out of their window. Any new
// table must be argued for here.
var portalTables = []string{"email_verifications", "kit_audit", "kit_outbox_mail", "password_resets",
	"rate_limit_events", "rate_limit_keys", "schema_migrations", "sessions", "signing_keys", "user_roles", "users"}

func TestPortalKeepsNoBusinessData(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, databaseURL string
	}{
		{"sqlite", ""},
		{"postgres", dbtest.PostgresURL(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"DATA_DIR": t.TempDir(), "DATABASE_URL": tc.databaseURL}
			cfg, err := config.Load("portal", func(k string) string { return env[k] })
			if err != nil {
				t.Fatal(err)
			}
			deps, err := host.Open(ctx, cfg, portal.Service(), slog.Default())
			if err != nil {
				t.Fatal(err)
			}
			defer deps.DB.Close()
			got := tables(t, deps.DB)
			if !slices.Equal(got, portalTables) {
				t.Fatalf("the portal's database has tables %v; it may hold only %v", got, portalTables)
			}
		})
	}
}

func tables(t *testing.T, d *db.DB) []string {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if d.Dialect == db.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`
	}
	rows, err := d.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}
