package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/host"
	"stepperslife/services/portal/accounts"
)

const adminUsage = "usage: stepperslife admin grant|revoke EMAIL ROLE (ROLE one of %s)"

// Admin runs `stepperslife admin grant|revoke EMAIL ROLE`: it changes a role directly
// in the portal's database (how the first ADMIN is made, before any admin can use
// the API), with the portal's environment read through getenv.
func Admin(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	usage := fmt.Errorf(adminUsage, strings.Join(accounts.GrantableRoles, " "))
	if len(args) != 3 || (args[0] != "grant" && args[0] != "revoke") {
		return usage
	}
	grant, email, role := args[0] == "grant", args[1], args[2]
	if _, err := accounts.ParseRole(role, accounts.GrantableRoles); err != nil {
		return usage
	}
	cfg, err := config.Load("portal", getenv)
	if err != nil {
		return fmt.Errorf("portal: %w", err)
	}
	// The same opening as the running portal: its database, migrated.
	deps, err := host.Open(ctx, cfg, Service(), slog.Default())
	if err != nil {
		return fmt.Errorf("portal: %w", err)
	}
	defer deps.DB.Close()
	u, err := accounts.New(accounts.NewStore(deps.DB)).SetRoleByEmail(ctx, email, role, grant)
	if errors.Is(err, accounts.ErrUserNotFound) {
		return fmt.Errorf("no account with e-mail %s in %s; register it first", accounts.NormalizeEmail(email), cfg.DatabaseKind())
	}
	if err != nil {
		return err
	}
	verb := "granted"
	if !grant {
		verb = "revoked"
	}
	fmt.Fprintf(stdout, "%s %s: %s now has %s (effective from their next token)\n",
		strings.ToUpper(role), verb, u.Email, strings.Join(u.Roles, " "))
	return nil
}
