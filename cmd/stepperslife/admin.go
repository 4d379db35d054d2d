package main

import (
	"context"
	"io"
	"os"

	"stepperslife/services/portal"
)

// admin grants or revokes a role in the portal's database (how the first ADMIN is
// made): stepperslife admin grant|revoke EMAIL ROLE.
func admin(ctx context.Context, args []string, stdout io.Writer) error {
	return portal.Admin(ctx, args, stdout, os.Getenv)
}
