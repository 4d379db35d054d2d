package schema

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

// upTo is Migrations with only the files whose names sort before last.
func upTo(t *testing.T, last string) db.Migrations {
	t.Helper()
	part := fstest.MapFS{}
	entries, err := fs.ReadDir(files, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() < last {
			b, _ := fs.ReadFile(files, "migrations/"+e.Name())
			part["migrations/"+e.Name()] = &fstest.MapFile{Data: b}
		}
	}
	return db.Migrations{Owner: Migrations.Owner, FS: part, Dir: Migrations.Dir}
}

// Accounts from before addresses were verified: those linked to Google are verified
// (Google vouched for the address when they were made or linked), the others not.
func TestGoogleAccountsAreVerifiedByTheMigration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, d, upTo(t, "0003")); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		for _, u := range [][3]any{{"usr_g", "g@example.com", "google-sub"}, {"usr_p", "p@example.com", nil}} {
			if _, err := d.Exec(`INSERT INTO users (id, email, name, password_hash, google_sub, created_at, updated_at)
				VALUES ($1, $2, 'X', '', $3, $4, $4)`, u[0], u[1], u[2], now); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Migrate(ctx, d, Migrations); err != nil {
			t.Fatal(err)
		}
		verified := dbtest.Strings(t, d, `SELECT id FROM users WHERE email_verified_at IS NOT NULL ORDER BY id`)
		if got := strings.Join(verified, ","); got != "usr_g" {
			t.Fatalf("verified after the migration: %q, want usr_g", got)
		}
	})
}
