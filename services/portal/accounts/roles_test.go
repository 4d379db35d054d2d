package accounts

import (
	"context"
	"errors"
	"strings"
	"testing"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/portal/schema"
)

// A role change is kept with who made it, when and why, in its own transaction; a
// change that changes nothing is not recorded; an admin never takes their own ADMIN.
func TestRoleChangesAreRecorded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		ann, err := s.CreateUser(ctx, "ann@example.com", "Ann Admin", "", "")
		if err != nil {
			t.Fatal(err)
		}
		bob, err := s.CreateUser(ctx, "bob@example.com", "Bob", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetRoleByEmail(ctx, ann.Email, auth.RoleAdmin, true); err != nil {
			t.Fatal(err)
		}
		actor := audit.Actor{ID: ann.ID, Email: ann.Email}
		u, err := s.ChangeRole(ctx, actor, bob.ID, "store_owner", true, "  Runs the Steppin Threads shop ")
		if err != nil || !u.Has(auth.RoleStoreOwner) {
			t.Fatalf("grant: %+v %v", u, err)
		}
		// Granting a held role again changes, and records, nothing.
		if _, err := s.ChangeRole(ctx, actor, bob.ID, auth.RoleStoreOwner, true, "again"); err != nil {
			t.Fatal(err)
		}
		if u, err = s.ChangeRole(ctx, actor, bob.ID, auth.RoleStoreOwner, false, "Shop closed"); err != nil || u.Has(auth.RoleStoreOwner) {
			t.Fatalf("revoke: %+v %v", u, err)
		}
		if _, err := s.ChangeRole(ctx, actor, bob.ID, auth.RoleStoreOwner, false, "not held"); err != nil {
			t.Fatal(err)
		}
		changes, err := s.RoleChanges(ctx, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range changes {
			got = append(got, e.Action+":"+e.Detail+":"+e.Actor.Email+":"+e.Reason)
		}
		want := []string{"revoke_role:STORE_OWNER:ann@example.com:Shop closed", "grant_role:STORE_OWNER:ann@example.com:Runs the Steppin Threads shop"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("changes %q, want %q", got, want)
		}
		if ops, _ := s.RoleChanges(ctx, ann.ID); len(ops) != 1 || ops[0].Actor != Operator || ops[0].Detail != auth.RoleAdmin {
			t.Fatalf("the operator's grant: %+v", ops)
		}

		// An admin cannot take their own ADMIN; another admin can.
		if _, err := s.ChangeRole(ctx, actor, ann.ID, auth.RoleAdmin, false, "oops"); !errors.Is(err, ErrOwnAdmin) {
			t.Fatalf("own ADMIN: %v", err)
		}
		if _, err := s.ChangeRole(ctx, actor, "usr_nobody", auth.RoleStoreOwner, true, ""); !errors.Is(err, ErrUserNotFound) {
			t.Fatalf("nobody: %v", err)
		}
		if _, err := s.ChangeRole(ctx, actor, bob.ID, "KING", true, ""); code(err) != errs.CodeValidation {
			t.Fatalf("unknown role: %v", err)
		}
		if _, err := s.ChangeRole(ctx, actor, bob.ID, auth.RoleInstructor, true, strings.Repeat("x", audit.MaxReason+1)); code(err) != errs.CodeValidation {
			t.Fatalf("long reason: %v", err)
		}
		if u, _ := s.UserByID(ctx, bob.ID); u.Has(auth.RoleInstructor) {
			t.Fatal("granted with a refused reason")
		}
	}, schema.Migrations, audit.Migrations)
}

// A change and its entry commit together: when the entry cannot be written, the
// role does not change either.
func TestARoleChangeWithoutItsEntryIsNotMade(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		bob, err := s.CreateUser(ctx, "bob@example.com", "Bob", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`DROP TABLE kit_audit`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChangeRole(ctx, audit.Actor{ID: "u-ann", Email: "ann@example.com"}, bob.ID, auth.RoleInstructor, true, "Teaches Tuesdays"); err == nil {
			t.Fatal("the change went through without its entry")
		}
		if u, _ := s.UserByID(ctx, bob.ID); u.Has(auth.RoleInstructor) {
			t.Fatal("the role was granted without its entry")
		}
	}, schema.Migrations, audit.Migrations)
}

func TestFindUsersByEmailOrName(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		for _, p := range [][2]string{{"rita@example.com", "Rita Jones"}, {"sol@example.com", "Sol 100%"}, {"ann_b@example.com", "Ann Brown"}} {
			if _, err := s.CreateUser(ctx, p[0], p[1], "", ""); err != nil {
				t.Fatal(err)
			}
		}
		for q, want := range map[string]string{"RITA": "rita@example.com", "jones": "rita@example.com", "example": "ann_b@example.com,rita@example.com,sol@example.com",
			"100%": "sol@example.com", "n_b": "ann_b@example.com", "nobody": ""} {
			found, err := s.FindUsers(ctx, q)
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			var got []string
			for _, u := range found {
				got = append(got, u.Email)
			}
			if strings.Join(got, ",") != want {
				t.Errorf("%q: %v, want %s", q, got, want)
			}
		}
		if _, err := s.FindUsers(ctx, " a "); code(err) != errs.CodeValidation {
			t.Errorf("one letter: %v", err)
		}
	}, schema.Migrations, audit.Migrations)
}
