package portal_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/portal"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/schema"
)

func TestAdminGrantRevoke(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		adminCase(t, map[string]string{"DATA_DIR": dir}, filepath.Join(dir, "portal", "portal.db"), "")
	})
	t.Run("postgres", func(t *testing.T) {
		url := dbtest.PostgresURL(t)
		adminCase(t, map[string]string{"DATA_DIR": t.TempDir(), "DATABASE_URL": url}, "", url)
	})
}

func adminCase(t *testing.T, env map[string]string, sqlitePath, pgURL string) {
	ctx := context.Background()
	getenv := func(k string) string { return env[k] }
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := portal.Admin(ctx, args, &out, getenv)
		return out.String(), err
	}
	// The command migrates an empty database itself; the account does not exist yet.
	if _, err := run("grant", "boss@example.com", "ADMIN"); err == nil || !strings.Contains(err.Error(), "register it first") {
		t.Fatalf("grant to a missing account: %v", err)
	}
	d, err := db.Open(ctx, pgURL, sqlitePath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := db.Migrate(ctx, d, schema.Migrations); err != nil {
		t.Fatal(err)
	}
	svc := accounts.New(accounts.NewStore(d))
	u, err := svc.CreateUser(ctx, "boss@example.com", "Boss", "", "")
	if err != nil {
		t.Fatal(err)
	}
	out, err := run("grant", " Boss@Example.com", "admin")
	if err != nil || !strings.Contains(out, "ADMIN granted") {
		t.Fatalf("grant: %q %v", out, err)
	}
	if got, _ := svc.UserByID(ctx, u.ID); !got.Has("ADMIN") {
		t.Fatalf("not granted: %v", got.Roles)
	}
	if _, err := run("revoke", "boss@example.com", "ADMIN"); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.UserByID(ctx, u.ID); got.Has("ADMIN") {
		t.Fatalf("not revoked: %v", got.Roles)
	}
	for _, bad := range [][]string{{}, {"grant", "boss@example.com"}, {"promote", "boss@example.com", "ADMIN"},
		{"grant", "boss@example.com", "USER"}, {"grant", "boss@example.com", "KING"}} {
		if _, err := run(bad...); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
