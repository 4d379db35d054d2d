package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"stepperslife/internal/platform"
	"stepperslife/internal/supervisor"
)

// up runs every service as its own process under the supervisor until ctx ends.
func up(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "load demo content into every empty service")
	envDir := fs.String("env-dir", "env", "folder holding the per-service NAME.env files")
	only := fs.String("only", "", "comma-separated services to run instead of all seven")
	stack := fs.Bool("stack", false, "also provision PostgreSQL (one database and role per service) and run one MinIO per service on 9001-9006")
	var so stackOptions
	so.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("up: unexpected argument %q", fs.Arg(0))
	}
	if !*stack {
		var stray string
		fs.Visit(func(f *flag.Flag) {
			if strings.HasPrefix(f.Usage, "with --stack") {
				stray = f.Name
			}
		})
		if stray != "" {
			return fmt.Errorf("up: --%s applies only with --stack", stray)
		}
	}
	names, err := selectServices(*only)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("up: cannot find this program to start the services: %w", err)
	}
	if *stack {
		return upStack(ctx, so, exe, names, *envDir, *demo, stderr)
	}
	children, err := upChildren(exe, names, os.Environ(), *envDir, *demo, stderr)
	if err != nil {
		return err
	}
	return supervisor.Run(ctx, children, stderr)
}

// selectServices returns the services to run, in the platform's start order.
func selectServices(only string) ([]string, error) {
	all := platform.Names()
	if strings.TrimSpace(only) == "" {
		return all, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		n = strings.TrimSpace(n)
		if !slices.Contains(all, n) {
			return nil, fmt.Errorf("up: unknown service %q (one of %s)", n, strings.Join(all, " "))
		}
		want[n] = true
	}
	var names []string
	for _, n := range all {
		if want[n] {
			names = append(names, n)
		}
	}
	return names, nil
}

// upChildren describes one `serve NAME` process per service. Each child gets the
// parent's environment overlaid with envDir/NAME.env, whose values win; --demo wins
// over both.
func upChildren(exe string, names []string, parentEnv []string, envDir string, demo bool, log io.Writer) ([]supervisor.Child, error) {
	var children []supervisor.Child
	var errs []error
	for _, name := range names {
		file := filepath.Join(envDir, name+".env")
		vars, err := readEnvFile(file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(vars) > 0 {
			// Names only: values may be secrets.
			keys := make([]string, len(vars))
			for i, v := range vars {
				keys[i] = v.Key
			}
			fmt.Fprintf(log, "up: %s reads %s: %s\n", name, file, strings.Join(keys, " "))
		}
		if demo {
			vars = append(vars, envVar{Key: "STEPPERSLIFE_DEMO", Value: "true"})
		}
		children = append(children, supervisor.Child{
			Name: name,
			Path: exe,
			Args: []string{"serve", name},
			Env:  mergeEnv(parentEnv, vars...),
		})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("up: %w", err)
	}
	return children, nil
}
