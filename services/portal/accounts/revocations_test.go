package accounts

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/portal/schema"
)

func TestTokenCutoffs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		u, err := s.CreateUser(ctx, "cy@example.com", "Cy", "hash", "")
		if err != nil {
			t.Fatal(err)
		}
		kept, _, _ := s.CreateSession(ctx, u.ID, "", "")
		ended, _, _ := s.CreateSession(ctx, u.ID, "", "")
		issued := time.Now().UTC().Truncate(time.Second)
		token := func(sid string, at time.Time) auth.Issued {
			return auth.Issued{SessionID: sid, UserID: u.ID, At: at}
		}
		if roles, err := s.CheckToken(ctx, token(ended.ID, issued)); err != nil || roles != nil {
			t.Fatalf("fresh session: %v %v", roles, err)
		}
		if err := s.RevokeSession(ctx, u.ID, ended.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CheckToken(ctx, token(ended.ID, issued)); !errors.Is(err, auth.ErrSessionEnded) {
			t.Fatalf("token of a revoked session: %v", err)
		}

		// A role taken away: the session lives on, older tokens grant what is left.
		if _, err := s.SetRole(ctx, u.ID, auth.RoleInstructor, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetRole(ctx, u.ID, auth.RoleInstructor, false); err != nil {
			t.Fatal(err)
		}
		roles, err := s.CheckToken(ctx, token(kept.ID, issued))
		if err != nil || !slices.Equal(roles, []string{auth.RoleUser}) {
			t.Fatalf("token issued before the role was taken: %v %v, want [USER]", roles, err)
		}
		if roles, err := s.CheckToken(ctx, token(kept.ID, issued.Add(2*time.Second))); err != nil || roles != nil {
			t.Fatalf("token renewed after the change: %v %v", roles, err)
		}

		since := issued.Add(-time.Minute)
		cuts, err := s.CutoffsSince(ctx, since)
		if err != nil || len(cuts) != 1 || cuts[0].SessionID != ended.ID || cuts[0].NotBefore.Before(issued) {
			t.Fatalf("session cutoffs: %v %v", cuts, err)
		}
		// The role cut names the user's live session, never the user.
		roleCuts, err := s.RoleCutsSince(ctx, since)
		if err != nil || len(roleCuts) != 1 || roleCuts[0].SessionID != kept.ID || !slices.Equal(roleCuts[0].Roles, []string{auth.RoleUser}) {
			t.Fatalf("role cuts: %+v %v", roleCuts, err)
		}
		if later, _ := s.CutoffsSince(ctx, issued.Add(time.Minute)); len(later) != 0 {
			t.Fatalf("cutoffs after the window: %v", later)
		}
	}, schema.Migrations, audit.Migrations)
}
