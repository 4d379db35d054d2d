package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"stepperslife/internal/provision"
)

// provisionCmd parses the flags of `stepperslife provision`; the work is in
// internal/provision.
func provisionCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("provision", flag.ContinueOnError)
	fs.SetOutput(stdout)
	adminURL := fs.String("admin-url", "", "a superuser's postgres:// URL (or STEPPERSLIFE_ADMIN_URL, which keeps the password out of the process list)")
	envDir := fs.String("env-dir", "env", "folder for the services' NAME.env files")
	prefix := fs.String("prefix", provision.DefaultPrefix, "replaces \"stepperslife_\" in database and role names")
	rotate := fs.Bool("rotate", false, "give every service role a new password")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("usage: stepperslife provision --admin-url URL [--env-dir DIR] [--prefix P] [--rotate]")
	}
	if *adminURL == "" {
		*adminURL = os.Getenv("STEPPERSLIFE_ADMIN_URL")
	}
	res, err := provision.Run(ctx, provision.Options{
		AdminURL: *adminURL,
		EnvDir:   *envDir,
		Prefix:   *prefix,
		Rotate:   *rotate,
	})
	if err != nil {
		return err
	}
	return res.Print(stdout)
}
