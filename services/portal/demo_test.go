package portal

import (
	"context"
	"log/slog"
	"testing"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/host"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/schema"
)

func TestDemoAccountsSignInWithTheirRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		deps := &host.Deps{DB: d, Log: slog.New(slog.DiscardHandler)}
		// Made by a load from before addresses were verified.
		if _, err := accounts.New(accounts.NewStore(d)).Register(ctx, accounts.Registration{
			Email: "dancer@demo.stepperslife.com", Password: DemoPassword, Name: "Demo Dancer"}); err != nil {
			t.Fatal(err)
		}
		for range 2 { // loading twice changes nothing
			if err := loadDemo(ctx, deps); err != nil {
				t.Fatal(err)
			}
		}
		svc := accounts.New(accounts.NewStore(d))
		u, err := svc.Authenticate(ctx, "organizer@demo.stepperslife.com", DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		if !u.Has(auth.RoleEventOrganizer) {
			t.Fatalf("organizer roles %v", u.Roles)
		}
		for _, a := range demoAccounts {
			if u, _, err := svc.UserByEmail(ctx, a.email); err != nil || !u.EmailVerified {
				t.Fatalf("demo account %s: verified %v, %v", a.email, u.EmailVerified, err)
			}
		}
		for _, email := range []string{"instructor@demo.stepperslife.com", "coach@demo.stepperslife.com"} {
			if u, err := svc.Authenticate(ctx, email, DemoPassword); err != nil || !u.Has(auth.RoleInstructor) {
				t.Fatalf("%s: roles %v, %v", email, u.Roles, err)
			}
		}
		admin, err := svc.Authenticate(ctx, "admin@demo.stepperslife.com", DemoPassword)
		if err != nil || !admin.Has(auth.RoleAdmin) {
			t.Fatalf("admin: %v %v", admin.Roles, err)
		}
	}, schema.Migrations, audit.Migrations)
}
