package portal

import (
	"context"
	"errors"
	"log/slog"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/host"
	"stepperslife/services/portal/accounts"
)

// DemoPassword signs in every demo account; it is printed in the README, as demo
// content is meant to be tried.
const DemoPassword = "steppin-demo-2026"

// demoAccounts are the people of the demo platform. The services' demo content
// names the same e-mail addresses (the restaurants' owner, the events' organizer, the classes' two instructors),
// so signing in as them opens their dashboards.
var demoAccounts = []struct {
	email, name string
	roles       []string
}{
	{"admin@demo.stepperslife.com", "Demo Admin", []string{auth.RoleAdmin}},
	{"owner@demo.stepperslife.com", "Demo Restaurant Owner", []string{auth.RoleRestaurantOwner}},
	{"organizer@demo.stepperslife.com", "Demo Organizer", []string{auth.RoleEventOrganizer}},
	{"instructor@demo.stepperslife.com", "Marcus Bell", []string{auth.RoleInstructor}},
	{"coach@demo.stepperslife.com", "Denise Carter", []string{auth.RoleInstructor}},
	{"provider@demo.stepperslife.com", "Demo Service Provider", []string{auth.RoleServiceProvider}},
	{"dancer@demo.stepperslife.com", "Demo Dancer", nil},
}

// loadDemo creates the demo accounts that do not exist yet, their addresses verified
// (no mail reaches them, and the demo's teams name them).
func loadDemo(ctx context.Context, d *host.Deps) error {
	svc := accounts.New(accounts.NewStore(d.DB))
	for _, a := range demoAccounts {
		u, err := svc.Register(ctx, accounts.Registration{Email: a.email, Password: DemoPassword, Name: a.name})
		if errors.Is(err, accounts.ErrEmailTaken) {
			// Made by an earlier load, perhaps before addresses were verified: the
			// demo addresses are the platform's own.
			if u, _, err = svc.UserByEmail(ctx, a.email); err != nil {
				return err
			}
			if err := svc.MarkEmailVerified(ctx, u.ID); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if err := svc.MarkEmailVerified(ctx, u.ID); err != nil {
			return err
		}
		for _, role := range a.roles {
			if _, err := svc.SetRole(ctx, u.ID, role, true); err != nil {
				return err
			}
		}
		d.Log.Info("demo account", slog.String("email", a.email), slog.Any("roles", a.roles))
	}
	return nil
}
