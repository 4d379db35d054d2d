package provision

import (
	"bytes"
	"context"
	"embed"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

//go:embed testdata/migrations/*.sql
var testMigrations embed.FS

func TestProvisionIsolatesEachService(t *testing.T) {
	prefix, envDir := testPrefix(t), t.TempDir()
	admin := adminConn(t)
	ctx := testCtx(t)
	res := provisionT(t, prefix, envDir, false)
	targets, _ := Targets(prefix)

	t.Run("seven databases owned by seven plain login roles", func(t *testing.T) {
		for _, tg := range targets {
			var owner string
			var super, login, createdb, createrole bool
			err := admin.QueryRow(ctx, `SELECT r.rolname, r.rolsuper, r.rolcanlogin, r.rolcreatedb, r.rolcreaterole
				FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = $1`, tg.Database).
				Scan(&owner, &super, &login, &createdb, &createrole)
			if err != nil {
				t.Fatalf("%s: %v", tg.Database, err)
			}
			if owner != tg.Role || super || !login || createdb || createrole {
				t.Errorf("%s: owner %s super=%v login=%v createdb=%v createrole=%v", tg.Database, owner, super, login, createdb, createrole)
			}
			if s := byName(t, res, tg.Service.Name); !s.RoleCreated || !s.DatabaseCreated || s.Password != "new" {
				t.Errorf("%s: first run reported %+v", tg.Service.Name, s)
			}
		}
	})

	t.Run("CONNECT only for the database's own role, never PUBLIC", func(t *testing.T) {
		for _, d := range targets {
			var public bool
			if err := admin.QueryRow(ctx, "SELECT has_database_privilege('public', $1, 'CONNECT')", d.Database).Scan(&public); err != nil {
				t.Fatal(err)
			}
			if public {
				t.Errorf("PUBLIC can connect to %s", d.Database)
			}
			for _, r := range targets {
				var can bool
				if err := admin.QueryRow(ctx, "SELECT has_database_privilege($1, $2, 'CONNECT')", r.Role, d.Database).Scan(&can); err != nil {
					t.Fatal(err)
				}
				if can != (r.Role == d.Role) {
					t.Errorf("%s CONNECT on %s = %v", r.Role, d.Database, can)
				}
			}
		}
	})

	t.Run("schema public belongs to the role and is closed to PUBLIC", func(t *testing.T) {
		for _, tg := range targets {
			conn, err := pgx.Connect(ctx, withDatabase(t, dbtest.AdminURL(), tg.Database))
			if err != nil {
				t.Fatal(err)
			}
			var owner string
			var publicCreate bool
			err = conn.QueryRow(ctx, `SELECT nspowner::regrole::text, has_schema_privilege('public', 'public', 'CREATE')
				FROM pg_namespace WHERE nspname = 'public'`).Scan(&owner, &publicCreate)
			conn.Close(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if owner != tg.Role || publicCreate {
				t.Errorf("%s: schema public owner %s, PUBLIC CREATE %v", tg.Database, owner, publicCreate)
			}
		}
	})

	events := envURL(t, envDir, "events")
	t.Run("events role works in its own database", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, events)
		if err != nil {
			t.Fatalf("events cannot reach its own database: %v", err)
		}
		defer conn.Close(ctx)
		var user string
		if _, err := conn.Exec(ctx, "CREATE TABLE tickets (code TEXT PRIMARY KEY)"); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != prefix+"events_app" {
			t.Errorf("connected as %q (%v)", user, err)
		}
	})

	for _, other := range []string{"restaurants", "main"} {
		t.Run("events role is refused by "+other, func(t *testing.T) {
			pe := connectErr(t, withDatabase(t, events, prefix+other))
			if pe == nil {
				t.Fatalf("events role connected to %s%s", prefix, other)
			}
			if pe.Code != "42501" || !strings.Contains(pe.Message, "permission denied for database") {
				t.Errorf("refusal %s %q, want 42501 permission denied for database", pe.Code, pe.Message)
			}
		})
	}

	t.Run("summary names everything but no password", func(t *testing.T) {
		var out bytes.Buffer
		if err := res.Print(&out); err != nil {
			t.Fatal(err)
		}
		for _, tg := range targets {
			if !strings.Contains(out.String(), tg.Role) || !strings.Contains(out.String(), tg.Database) {
				t.Errorf("summary misses %s", tg.Service.Name)
			}
			if pw := envPasswordOf(t, envDir, tg.Service.Name); strings.Contains(out.String(), pw) {
				t.Errorf("summary shows %s's password", tg.Service.Name)
			}
		}
	})
}

func TestProvisionAgainKeepsPasswordsAndData(t *testing.T) {
	prefix, envDir := testPrefix(t), t.TempDir()
	admin := adminConn(t)
	ctx := testCtx(t)
	provisionT(t, prefix, envDir, false)
	first := map[string]string{}
	for _, n := range []string{"portal", "restaurants", "events", "store", "classes", "magazine", "services"} {
		first[n] = envPasswordOf(t, envDir, n)
	}
	conn, err := pgx.Connect(ctx, envURL(t, envDir, "events"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE tickets (code TEXT); INSERT INTO tickets VALUES ('T-1')"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	res := provisionT(t, prefix, envDir, false)
	for n, pw := range first {
		s := byName(t, res, n)
		if got := envPasswordOf(t, envDir, n); got != pw {
			t.Errorf("%s: password changed without --rotate", n)
		}
		if s.Password != "kept" || s.RoleCreated || s.DatabaseCreated {
			t.Errorf("%s: second run reported %+v", n, s)
		}
		if !storedVerifierMatches(t, admin, s.Role, pw) {
			t.Errorf("%s: the server's password is not the env file's", n)
		}
	}
	var code string
	conn, err = pgx.Connect(ctx, envURL(t, envDir, "events"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, "SELECT code FROM tickets").Scan(&code); err != nil || code != "T-1" {
		t.Errorf("data lost on the second run: %q %v", code, err)
	}

	res = provisionT(t, prefix, envDir, true)
	for n, pw := range first {
		s := byName(t, res, n)
		now := envPasswordOf(t, envDir, n)
		if now == pw || s.Password != "rotated (--rotate)" {
			t.Errorf("%s: --rotate kept the password (%s)", n, s.Password)
		}
		if !storedVerifierMatches(t, admin, s.Role, now) {
			t.Errorf("%s: the server did not get the rotated password", n)
		}
	}

	// An env file that lost its DATABASE_URL cannot tell the old password: rotate, say so.
	path := filepath.Join(envDir, "store.env")
	if err := os.WriteFile(path, []byte("PORT=3008\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res = provisionT(t, prefix, envDir, false)
	if s := byName(t, res, "store"); !strings.HasPrefix(s.Password, "rotated: ") {
		t.Errorf("store: %q, want a rotation with its reason", s.Password)
	} else if !storedVerifierMatches(t, admin, s.Role, envPasswordOf(t, envDir, "store")) {
		t.Error("store: env file and server disagree after rotation")
	}
	if s := byName(t, res, "events"); s.Password != "kept" {
		t.Errorf("events: %q, want kept", s.Password)
	}
}

func TestProvisionEnvFiles(t *testing.T) {
	prefix, envDir := testPrefix(t), t.TempDir()
	events := "# events by hand\nSTRIPE_SECRET_KEY=sk_test_events\nPORT=4004\n"
	portal := "NEXTAUTH_SECRET=keep-me\nRESTAURANTS_URL=https://restaurants.example.com\n"
	os.WriteFile(filepath.Join(envDir, "events.env"), []byte(events), 0o644)
	os.WriteFile(filepath.Join(envDir, "portal.env"), []byte(portal), 0o644)
	res := provisionT(t, prefix, envDir, false)
	adminU, _ := url.Parse(dbtest.AdminURL())

	for _, s := range res.Services {
		st, err := os.Stat(s.EnvFile)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", s.EnvFile, st.Mode().Perm())
		}
		u, err := url.Parse(envURL(t, envDir, s.Service.Name))
		if err != nil {
			t.Fatal(err)
		}
		pw, _ := u.User.Password()
		if u.Scheme != "postgres" || u.User.Username() != s.Role || len(pw) < 40 ||
			u.Host != adminU.Host || u.Path != "/"+s.Database || u.Query().Get("sslmode") != adminU.Query().Get("sslmode") {
			t.Errorf("%s: DATABASE_URL %s", s.Service.Name, u.Redacted())
		}
	}
	e, _ := ReadEnvFile(filepath.Join(envDir, "events.env"))
	if !strings.HasPrefix(string(e.Bytes()), events) {
		t.Errorf("events.env lost the operator's lines:\n%s", e.Bytes())
	}
	if p, _ := e.Get("PORT"); p != "4004" {
		t.Errorf("events PORT = %q, the operator's 4004 must win", p)
	}
	st, _ := ReadEnvFile(filepath.Join(envDir, "store.env"))
	if p, _ := st.Get("PORT"); p != "3008" {
		t.Errorf("store PORT = %q, want 3008", p)
	}
	pe, _ := ReadEnvFile(filepath.Join(envDir, "portal.env"))
	want := map[string]string{
		"PORT":            "3001",
		"NEXTAUTH_SECRET": "keep-me",
		"RESTAURANTS_URL": "https://restaurants.example.com",
		"EVENTS_URL":      "http://127.0.0.1:4004",
		"STORE_URL":       "http://127.0.0.1:3008",
		"CLASSES_URL":     "http://127.0.0.1:3009",
		"MAGAZINE_URL":    "http://127.0.0.1:3007",
		"SERVICES_URL":    "http://127.0.0.1:3011",
	}
	for k, v := range want {
		if got, _ := pe.Get(k); got != v {
			t.Errorf("portal.env %s = %q, want %q", k, got, v)
		}
	}
	if _, ok := e.Get("EVENTS_URL"); ok {
		t.Error("service URLs belong in the portal's env file only")
	}
}

func TestServiceRoleRunsItsMigrationsThroughKitDB(t *testing.T) {
	prefix, envDir := testPrefix(t), t.TempDir()
	ctx := testCtx(t)
	provisionT(t, prefix, envDir, false)
	d, err := db.Open(ctx, envURL(t, envDir, "classes"), "")
	if err != nil {
		t.Fatalf("db.Open with classes.env's DATABASE_URL: %v", err)
	}
	defer d.Close()
	set := db.Migrations{Owner: "provisiontest", FS: testMigrations, Dir: "testdata/migrations"}
	for range 2 { // the second run must find everything applied
		if err := db.Migrate(ctx, d, set); err != nil {
			t.Fatalf("migrate as the classes role: %v", err)
		}
	}
	var owner, body string
	if err := d.QueryRowContext(ctx, "SELECT tableowner FROM pg_tables WHERE tablename = 'notes'").Scan(&owner); err != nil {
		t.Fatal(err)
	}
	if owner != prefix+"classes_app" {
		t.Errorf("notes owned by %q", owner)
	}
	if err := d.QueryRowContext(ctx, "INSERT INTO notes (body) VALUES ($1) RETURNING body", "hi").Scan(&body); err != nil || body != "hi" {
		t.Errorf("insert as the service role: %q %v", body, err)
	}
}

func TestProvisionAdoptsAnExistingDatabase(t *testing.T) {
	prefix, envDir := testPrefix(t), t.TempDir()
	admin := adminConn(t)
	ctx := testCtx(t)
	store := prefix + "store"
	// As if an earlier setup had created and migrated the database as the superuser.
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+ident(store)); err != nil {
		t.Fatal(err)
	}
	old, err := pgx.Connect(ctx, withDatabase(t, dbtest.AdminURL(), store))
	if err != nil {
		t.Fatal(err)
	}
	_, err = old.Exec(ctx, `CREATE TABLE products (id SERIAL PRIMARY KEY, name TEXT);
		INSERT INTO products (name) VALUES ('shoes');
		CREATE VIEW product_names AS SELECT name FROM products;
		CREATE SEQUENCE order_numbers`)
	old.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}

	res := provisionT(t, prefix, envDir, false)
	s := byName(t, res, "store")
	if s.DatabaseCreated || !s.RoleCreated || s.Reassigned != 3 {
		t.Errorf("store: %+v, want an adopted database with 3 relations handed over", s)
	}
	conn, err := pgx.Connect(ctx, envURL(t, envDir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Only an owner may ALTER; nextval on the serial's sequence shows it moved too.
	if _, err := conn.Exec(ctx, "ALTER TABLE products ADD COLUMN price_cents INT; INSERT INTO products (name) VALUES ('hat'); SELECT nextval('order_numbers')"); err != nil {
		t.Fatalf("store role cannot work on the adopted tables: %v", err)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM product_names").Scan(&n); err != nil || n != 2 {
		t.Errorf("adopted data: %d rows, %v", n, err)
	}
}

func TestRunRejectsBadInputBeforeTouchingTheServer(t *testing.T) {
	ctx := context.Background()
	if _, err := Run(ctx, Options{AdminURL: dbtest.AdminURL(), Prefix: "Robert'); DROP"}); err == nil {
		t.Error("bad prefix accepted")
	}
	if _, err := Run(ctx, Options{AdminURL: "mysql://root@x/db", Prefix: "ok_", EnvDir: t.TempDir()}); err == nil {
		t.Error("non-postgres admin URL accepted")
	}
}
