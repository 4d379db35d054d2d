package accounts

import (
	"context"
	"testing"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/portal/schema"
)

// A look-alike of an existing address is that address, never a second account; a
// mixed-script one is refused.
func TestLookAlikeAddressesMakeNoSecondAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		if _, err := s.Register(ctx, Registration{Email: "owner@demo.stepperslife.com", Password: "owner-password", Name: "Owner"}); err != nil {
			t.Fatal(err)
		}
		_, err := s.Register(ctx, Registration{Email: "owner@demo.ſtepperslife.com", Password: "attacker-pass", Name: "Mallory"})
		if code(err) != errs.CodeConflict {
			t.Fatalf("long-s look-alike: %v, want the existing account's conflict", err)
		}
		if _, err := s.Register(ctx, Registration{Email: "owner@demo.stepperslifе.com", Password: "attacker-pass", Name: "Mallory"}); code(err) != errs.CodeValidation {
			t.Fatalf("Cyrillic е look-alike: %v, want VALIDATION_FAILED", err)
		}
		if _, err := s.Authenticate(ctx, NormalizeEmail("OWNER@demo.ſtepperslife.com"), "owner-password"); err != nil {
			t.Fatalf("the owner signs in however the address is written: %v", err)
		}
	}, schema.Migrations, audit.Migrations)
}
