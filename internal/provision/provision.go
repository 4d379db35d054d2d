package provision

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// Options are the provision command's flags.
type Options struct {
	AdminURL string // a superuser's postgres:// URL
	EnvDir   string // where NAME.env files go; "env" when empty
	Prefix   string // replaces "stepperslife_" in every name; DefaultPrefix when empty
	Rotate   bool   // give every role a new password
}

// ServiceResult is what happened to one service. It never holds a password.
type ServiceResult struct {
	Target
	EnvFile         string
	RoleCreated     bool
	DatabaseCreated bool
	Password        string // "new", "kept", "rotated (…)": for the operator
	Reassigned      int    // relations in schema public handed to the role
}

// Result is the outcome of one run.
type Result struct {
	Server   string
	Prefix   string
	Services []ServiceResult
}

// Run provisions every service. It is idempotent: databases, roles and data that
// exist are kept, only ownership and privileges are re-asserted. Env files are
// written before the server is touched, so a run that fails half-way leaves each
// env file holding the password the next run will set (it is reused, not rotated).
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.EnvDir == "" {
		opts.EnvDir = "env"
	}
	targets, err := Targets(opts.Prefix)
	if err != nil {
		return nil, err
	}
	admin, err := parseAdminURL(opts.AdminURL)
	if err != nil {
		return nil, err
	}
	conn, err := pgx.Connect(ctx, opts.AdminURL)
	if err != nil {
		return nil, fmt.Errorf("admin connection: %w", err)
	}
	defer conn.Close(context.Background())

	// Two runs for the same prefix at once would race between "does the role
	// exist" and CREATE ROLE, and on the env files; the session lock serialises them.
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(7262, hashtext($1))", opts.Prefix); err != nil {
		return nil, fmt.Errorf("admin connection: %w", err)
	}

	if err := os.MkdirAll(opts.EnvDir, 0o700); err != nil {
		return nil, err
	}
	res := &Result{Server: serverName(admin), Prefix: opts.Prefix}
	envs := make([]*EnvFile, len(targets))
	passwords := make([]string, len(targets))
	for i, t := range targets {
		sr := ServiceResult{Target: t, EnvFile: filepath.Join(opts.EnvDir, t.Service.Name+".env")}
		if envs[i], err = ReadEnvFile(sr.EnvFile); err != nil {
			return nil, err
		}
		exists, err := roleExists(ctx, conn, t.Role)
		if err != nil {
			return nil, err
		}
		sr.RoleCreated = !exists
		passwords[i], sr.Password = choosePassword(envs[i], t.Role, exists, opts.Rotate)
		envs[i].Set("DATABASE_URL", serviceURL(admin, t.Role, passwords[i], t.Database))
		envs[i].SetDefault("PORT", strconv.Itoa(t.Service.Port))
		res.Services = append(res.Services, sr)
	}
	linkPortal(targets, envs)
	for i := range targets {
		if err := envs[i].Write(res.Services[i].EnvFile); err != nil {
			return nil, err
		}
	}

	// Every role first: each database then revokes the platform's other roles.
	for i, t := range targets {
		if err := ensureRole(ctx, conn, t.Role, !res.Services[i].RoleCreated, passwords[i]); err != nil {
			return nil, err
		}
	}
	for i, t := range targets {
		created, err := ensureDatabase(ctx, conn, t, targets)
		if err != nil {
			return nil, err
		}
		res.Services[i].DatabaseCreated = created
		n, err := inDatabase(ctx, admin, t)
		if err != nil {
			return nil, err
		}
		res.Services[i].Reassigned = n
	}
	return res, nil
}

// inDatabase runs secureSchema over an admin connection to t's own database, since
// a schema can only be changed from inside its database.
func inDatabase(ctx context.Context, admin *url.URL, t Target) (int, error) {
	conn, err := pgx.Connect(ctx, adminURLFor(admin, t.Database))
	if err != nil {
		return 0, fmt.Errorf("database %s: %w", t.Database, err)
	}
	defer conn.Close(context.Background())
	return secureSchema(ctx, conn, t)
}

// linkPortal gives the portal's env file the address of each service, at the PORT
// that service's own env file ends up with, unless the operator set one already.
func linkPortal(targets []Target, envs []*EnvFile) {
	portal := -1
	for i, t := range targets {
		if t.Service.URLVar == "" {
			portal = i
		}
	}
	if portal < 0 {
		return
	}
	for i, t := range targets {
		if t.Service.URLVar == "" {
			continue
		}
		port, _ := envs[i].Get("PORT")
		envs[portal].SetDefault(t.Service.URLVar, "http://127.0.0.1:"+port)
	}
}

// choosePassword keeps the env file's password for role unless asked to rotate or
// there is none to keep; the returned note tells the operator which happened.
func choosePassword(env *EnvFile, role string, roleExists, rotate bool) (password, note string) {
	old, why := envPassword(env, role)
	switch {
	case rotate && roleExists:
		return NewPassword(), "rotated (--rotate)"
	case rotate || (why != "" && !roleExists):
		return NewPassword(), "new"
	case why != "":
		return NewPassword(), "rotated: " + why
	case roleExists:
		return old, "kept"
	default:
		return old, "new, taken from the env file"
	}
}

// envPassword finds role's password in the env file's DATABASE_URL, or says why
// there is none to keep.
func envPassword(env *EnvFile, role string) (password, why string) {
	raw, ok := env.Get("DATABASE_URL")
	if !ok || raw == "" {
		return "", "the env file has no DATABASE_URL"
	}
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		// err is dropped: it would quote the URL and with it the password.
		return "", "the env file's DATABASE_URL has no usable credentials"
	}
	if u.User.Username() != role {
		return "", "the env file's DATABASE_URL is for another role"
	}
	pw, set := u.User.Password()
	if !set {
		return "", "the env file's DATABASE_URL has no password"
	}
	if bad := usablePassword(pw); bad != "" {
		return "", "the env file's password is " + bad
	}
	return pw, ""
}
