package accounts

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/portal/schema"
)

var fastParams = Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func newService(d *db.DB) *Service {
	s := New(NewStore(d))
	s.Params = fastParams
	return s
}

func code(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestAccountsAndRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		u, err := s.Register(ctx, Registration{Email: " Ann@Example.com", Password: "dancing-shoes", Name: "Ann"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ann@example.com" || !slices.Equal(u.Roles, []string{auth.RoleUser}) || !u.HasPassword {
			t.Fatalf("registered %+v", u)
		}
		if _, err := s.Register(ctx, Registration{Email: "ANN@example.com ", Password: "other-password", Name: "B"}); !errors.Is(err, ErrEmailTaken) {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		if _, err := s.CreateUser(ctx, "ann@example.com", "Race", "", ""); !errors.Is(err, ErrEmailTaken) {
			t.Fatalf("unique index: %v", err)
		}
		if _, err := s.Register(ctx, Registration{Email: "bad", Password: "x", Name: ""}); code(err) != errs.CodeValidation {
			t.Fatalf("bad registration: %v", err)
		}

		if got, err := s.Authenticate(ctx, "ANN@example.com", "dancing-shoes"); err != nil || got.ID != u.ID {
			t.Fatalf("sign in: %v", err)
		}
		for _, c := range [][2]string{{"ann@example.com", "wrong"}, {"nobody@example.com", "dancing-shoes"}, {"ann@example.com", strings.Repeat("x", 1000)}} {
			if _, err := s.Authenticate(ctx, c[0], c[1]); !errors.Is(err, ErrInvalidCredentials) {
				t.Fatalf("sign in %v: %v", c, err)
			}
		}

		if got, err := s.TakeRole(ctx, u.ID, "event_organizer"); err != nil || !slices.Contains(got.Roles, auth.RoleEventOrganizer) {
			t.Fatalf("take role: %v %v", got.Roles, err)
		}
		if _, err := s.TakeRole(ctx, u.ID, "admin"); code(err) != errs.CodeForbidden {
			t.Fatalf("self-assigned ADMIN: %v", err)
		}
		if _, err := s.TakeRole(ctx, u.ID, "DANCER"); code(err) != errs.CodeValidation {
			t.Fatalf("unknown role: %v", err)
		}
		if _, err := s.TakeRole(ctx, u.ID, auth.RoleEventOrganizer); err != nil {
			t.Fatalf("taking a held role again: %v", err)
		}
		got, err := s.SetRoleByEmail(ctx, "Ann@Example.com", "admin", true)
		if err != nil || !slices.Equal(got.Roles, []string{auth.RoleUser, auth.RoleAdmin, auth.RoleEventOrganizer}) {
			t.Fatalf("grant admin: %v %v", got.Roles, err)
		}
		if got, err = s.SetRole(ctx, u.ID, auth.RoleAdmin, false); err != nil || got.Has(auth.RoleAdmin) {
			t.Fatalf("revoke admin: %v %v", got.Roles, err)
		}
		if _, err := s.SetRole(ctx, "usr_missing", auth.RoleAdmin, true); !errors.Is(err, ErrUserNotFound) {
			t.Fatalf("grant to nobody: %v", err)
		}
		if _, err := s.SetRole(ctx, u.ID, "USER", false); code(err) != errs.CodeValidation {
			t.Fatalf("revoke USER: %v", err)
		}
		if _, err := s.SetRoleByEmail(ctx, "nobody@example.com", auth.RoleAdmin, true); !errors.Is(err, ErrUserNotFound) {
			t.Fatalf("grant by unknown e-mail: %v", err)
		}

		if got, err := s.UpdateName(ctx, u.ID, "  Ann   B "); err != nil || got.Name != "Ann B" {
			t.Fatalf("rename: %v", err)
		}
		g, err := s.CreateUser(ctx, "g@example.com", "G", "", "google-sub-1")
		if err != nil {
			t.Fatal(err)
		}
		if found, err := s.UserByGoogle(ctx, "google-sub-1"); err != nil || found.ID != g.ID || !found.Google || found.HasPassword {
			t.Fatalf("by google: %+v %v", found, err)
		}
		// No password yet: sign-in with any password fails, setting one needs no current.
		if _, err := s.Authenticate(ctx, "g@example.com", ""); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("password sign-in of a Google account: %v", err)
		}
		if err := s.ChangePassword(ctx, g.ID, "", "", "a-new-password"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "g@example.com", "a-new-password"); err != nil {
			t.Fatal(err)
		}
	}, schema.Migrations, audit.Migrations)
}

func TestSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		u, err := s.Register(ctx, Registration{Email: "a@example.com", Password: "dancing-shoes", Name: "A"})
		if err != nil {
			t.Fatal(err)
		}
		s1, tok1, err := s.CreateSession(ctx, u.ID, "Firefox", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		_, tok2, err := s.CreateSession(ctx, u.ID, "Phone", "10.0.0.2")
		if err != nil {
			t.Fatal(err)
		}
		if r, err := s.RenewSession(ctx, tok1); err != nil || r.ID != s1.ID || r.UserID != u.ID {
			t.Fatalf("renew: %v", err)
		}
		id, _, _ := strings.Cut(tok1, ".")
		for _, bad := range []string{"", "x", id + ".wrong", id, "." + tok1, tok1 + "x"} {
			if _, err := s.RenewSession(ctx, bad); !errors.Is(err, ErrNoSession) {
				t.Fatalf("renew %q: %v", bad, err)
			}
		}
		var stored string
		if err := d.QueryRowContext(ctx, `SELECT secret_hash FROM sessions WHERE id = $1`, s1.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(tok1, stored) || strings.Contains(stored, strings.SplitN(tok1, ".", 2)[1]) {
			t.Fatal("refresh secret stored in the clear")
		}
		list, err := s.Sessions(ctx, u.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("list: %d %v", len(list), err)
		}
		if err := s.RevokeSession(ctx, u.ID, s1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CheckToken(ctx, auth.Issued{SessionID: s1.ID, UserID: u.ID, At: time.Now()}); err == nil {
			t.Fatal("revoked session alive")
		}
		if _, err := s.RenewSession(ctx, tok1); !errors.Is(err, ErrNoSession) {
			t.Fatalf("renewing a revoked session: %v", err)
		}
		if n, err := s.RevokeUserSessions(ctx, u.ID, ""); err != nil || n != 1 {
			t.Fatalf("revoke all: %d %v", n, err)
		}
		if _, err := s.RenewSession(ctx, tok2); !errors.Is(err, ErrNoSession) {
			t.Fatal("sign out everywhere left a session")
		}
		// Expiry: a session unused for SessionTTL is over.
		_, tok3, _ := s.CreateSession(ctx, u.ID, "", "")
		s.now = func() time.Time { return time.Now().UTC().Add(SessionTTL + time.Minute) }
		if _, err := s.RenewSession(ctx, tok3); !errors.Is(err, ErrNoSession) {
			t.Fatal("expired session renewed")
		}
		// The revoked sessions ended long ago; the expired one a minute ago is kept a day.
		if n, err := s.PruneSessions(ctx); err != nil || n != 2 {
			t.Fatalf("prune: %d %v", n, err)
		}
		s.now = func() time.Time { return time.Now().UTC().Add(SessionTTL + 48*time.Hour) }
		if n, err := s.PruneSessions(ctx); err != nil || n != 1 {
			t.Fatalf("prune: %d %v", n, err)
		}
	}, schema.Migrations, audit.Migrations)
}

func TestPasswordReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		u, _ := s.Register(ctx, Registration{Email: "a@example.com", Password: "dancing-shoes", Name: "A"})
		_, sessTok, _ := s.CreateSession(ctx, u.ID, "", "")
		tok, err := s.CreateReset(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := s.CreateReset(ctx, u.ID)
		if err := s.ResetPassword(ctx, tok, "short"); code(err) != errs.CodeValidation {
			t.Fatalf("short password: %v", err)
		}
		if err := s.ResetPassword(ctx, "nope", "brand-new-pass"); !errors.Is(err, ErrBadResetToken) {
			t.Fatalf("unknown token: %v", err)
		}
		if err := s.ResetPassword(ctx, tok, "brand-new-pass"); err != nil {
			t.Fatal(err)
		}
		if err := s.ResetPassword(ctx, tok, "brand-new-pass2"); !errors.Is(err, ErrBadResetToken) {
			t.Fatal("reset token used twice")
		}
		if err := s.ResetPassword(ctx, other, "brand-new-pass2"); !errors.Is(err, ErrBadResetToken) {
			t.Fatal("older reset link still works")
		}
		if _, err := s.Authenticate(ctx, "a@example.com", "brand-new-pass"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RenewSession(ctx, sessTok); !errors.Is(err, ErrNoSession) {
			t.Fatal("reset left sessions signed in")
		}
		late, _ := s.CreateReset(ctx, u.ID)
		s.now = func() time.Time { return time.Now().UTC().Add(ResetTTL + time.Minute) }
		if err := s.ResetPassword(ctx, late, "brand-new-pass3"); !errors.Is(err, ErrBadResetToken) {
			t.Fatal("expired reset link works")
		}
	}, schema.Migrations, audit.Migrations)
}

func TestStoreErrorsNameTheirOperation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		_, err := NewStore(d).UserByID(context.Background(), "usr_missing")
		if !errors.Is(err, errNoRow) || err.Error() != "accounts store: user usr_missing: not found" {
			t.Fatalf("missing user: %v", err)
		}
	}, schema.Migrations, audit.Migrations)
}
