package portal

import (
	"context"
	"log/slog"
	"testing"

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
		admin, err := svc.Authenticate(ctx, "admin@demo.stepperslife.com", DemoPassword)
		if err != nil || !admin.Has(auth.RoleAdmin) {
			t.Fatalf("admin: %v %v", admin.Roles, err)
		}
	}, schema.Migrations)
}
