package accounts

import (
	"context"
	"testing"
	"time"

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
		if ok, err := s.SessionAccepts(ctx, kept.ID, issued); err != nil || !ok {
			t.Fatalf("fresh session refuses its token: %v %v", ok, err)
		}
		if err := s.RevokeSession(ctx, u.ID, ended.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.store.CutUserTokens(ctx, u.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.SessionAccepts(ctx, kept.ID, issued); ok {
			t.Fatal("a token issued before the cutoff is accepted")
		}
		if ok, _ := s.SessionAccepts(ctx, kept.ID, issued.Add(2*time.Second)); !ok {
			t.Fatal("a token renewed after the cutoff is refused")
		}
		cuts, err := s.CutoffsSince(ctx, issued.Add(-time.Minute))
		if err != nil || len(cuts) != 2 {
			t.Fatalf("cutoffs: %v %v", cuts, err)
		}
		for _, c := range cuts {
			if c.NotBefore.Before(issued) {
				t.Fatalf("cutoff %v before the change at %v", c.NotBefore, issued)
			}
		}
		if later, _ := s.CutoffsSince(ctx, issued.Add(time.Minute)); len(later) != 0 {
			t.Fatalf("cutoffs after the window: %v", later)
		}
	}, schema.Migrations)
}
