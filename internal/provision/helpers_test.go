package provision

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"stepperslife/internal/kit/dbtest"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// adminConn connects as the test server's superuser.
func adminConn(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbtest.AdminURL())
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", dbtest.AdminURL(), err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// testPrefix returns a throwaway prefix whose databases (forcibly, even with
// sessions open) and then roles are dropped when the test ends — registered before
// provisioning so a failed run is cleaned up too.
func testPrefix(t *testing.T) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	prefix := "slprov" + hex.EncodeToString(b[:]) + "_"
	targets, err := Targets(prefix)
	if err != nil {
		t.Fatal(err)
	}
	admin := adminConn(t)
	t.Cleanup(func() {
		ctx := context.Background()
		for _, tg := range targets {
			if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(tg.Database)+" WITH (FORCE)"); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
		for _, tg := range targets {
			if _, err := admin.Exec(ctx, "DROP ROLE IF EXISTS "+ident(tg.Role)); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
	})
	return prefix
}

func provisionT(t *testing.T, prefix, envDir string, rotate bool) *Result {
	t.Helper()
	res, err := Run(testCtx(t), Options{AdminURL: dbtest.AdminURL(), EnvDir: envDir, Prefix: prefix, Rotate: rotate})
	if err != nil {
		t.Fatalf("provision: %v", err)
	}
	if len(res.Services) != 7 {
		t.Fatalf("%d services provisioned, want 7", len(res.Services))
	}
	return res
}

func byName(t *testing.T, res *Result, name string) ServiceResult {
	t.Helper()
	for _, s := range res.Services {
		if s.Service.Name == name {
			return s
		}
	}
	t.Fatalf("no result for %s", name)
	return ServiceResult{}
}

// envURL is a service's DATABASE_URL as written to its env file.
func envURL(t *testing.T, envDir, service string) string {
	t.Helper()
	e, err := ReadEnvFile(filepath.Join(envDir, service+".env"))
	if err != nil {
		t.Fatal(err)
	}
	v, ok := e.Get("DATABASE_URL")
	if !ok {
		t.Fatalf("%s.env has no DATABASE_URL", service)
	}
	return v
}

func envPasswordOf(t *testing.T, envDir, service string) string {
	t.Helper()
	u, err := url.Parse(envURL(t, envDir, service))
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	return pw
}

// withDatabase swaps the database in a postgres URL, keeping user and password.
func withDatabase(t *testing.T, raw, database string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + database
	return u.String()
}

// connectErr connects and returns the server's refusal, if any.
func connectErr(t *testing.T, raw string) *pgconn.PgError {
	t.Helper()
	conn, err := pgx.Connect(testCtx(t), raw)
	if err == nil {
		conn.Close(context.Background())
		return nil
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("connect failed without a server error: %v", err)
	}
	return pe
}

// storedVerifierMatches says whether role's SCRAM secret in pg_authid was made from
// password. Trust authentication never checks passwords, so this is how the tests
// see that the server holds the password the env file gives the service.
func storedVerifierMatches(t *testing.T, admin *pgx.Conn, role, password string) bool {
	t.Helper()
	var stored string
	if err := admin.QueryRow(context.Background(), "SELECT rolpassword FROM pg_authid WHERE rolname = $1", role).Scan(&stored); err != nil {
		t.Fatalf("read verifier of %s: %v", role, err)
	}
	iter, salt := parseVerifier(t, stored)
	again, err := scramVerifier(password, salt, iter)
	if err != nil {
		t.Fatal(err)
	}
	return again == stored
}

// parseVerifier reads "SCRAM-SHA-256$<iter>:<salt>$<stored>:<server>".
func parseVerifier(t *testing.T, v string) (int, []byte) {
	t.Helper()
	rest, ok := strings.CutPrefix(v, "SCRAM-SHA-256$")
	if !ok {
		t.Fatalf("not a SCRAM verifier: %.20q", v)
	}
	params, _, _ := strings.Cut(rest, "$")
	iterStr, saltStr, _ := strings.Cut(params, ":")
	iter, err := strconv.Atoi(iterStr)
	if err != nil {
		t.Fatal(err)
	}
	salt, err := base64.StdEncoding.DecodeString(saltStr)
	if err != nil {
		t.Fatal(err)
	}
	return iter, salt
}
