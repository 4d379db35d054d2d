package provision

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// roleAttributes are re-asserted on every run, so a role someone widened by hand is
// brought back to a plain login that can do nothing beyond what it owns.
const roleAttributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"

func roleExists(ctx context.Context, conn *pgx.Conn, role string) (bool, error) {
	var ok bool
	err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role).Scan(&ok)
	return ok, err
}

func databaseExists(ctx context.Context, conn *pgx.Conn, database string) (bool, error) {
	var ok bool
	err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", database).Scan(&ok)
	return ok, err
}

// ensureRole creates the role or resets its attributes, and sets its password as a
// SCRAM verifier (see scramVerifier for why not the clear text).
func ensureRole(ctx context.Context, conn *pgx.Conn, role string, exists bool, password string) error {
	verifier, err := newScramVerifier(password)
	if err != nil {
		return err
	}
	lit, err := quoteLiteral(verifier)
	if err != nil {
		return err
	}
	verb := "CREATE ROLE "
	if exists {
		verb = "ALTER ROLE "
	}
	if _, err := conn.Exec(ctx, verb+ident(role)+" WITH "+roleAttributes+" PASSWORD "+lit); err != nil {
		return fmt.Errorf("role %s: %w", role, err)
	}
	return nil
}

// ensureDatabase creates t's database owned by t's role (or hands an existing one
// over), then closes it to everyone else: PUBLIC loses its default CONNECT and
// TEMPORARY, and the platform's other roles lose anything granted by hand.
func ensureDatabase(ctx context.Context, conn *pgx.Conn, t Target, all []Target) (created bool, err error) {
	exists, err := databaseExists(ctx, conn, t.Database)
	if err != nil {
		return false, err
	}
	db, role := ident(t.Database), ident(t.Role)
	stmts := []string{}
	if exists {
		stmts = append(stmts, "ALTER DATABASE "+db+" OWNER TO "+role)
	} else {
		// CREATE DATABASE cannot run inside a transaction; each Exec here is its own.
		stmts = append(stmts, "CREATE DATABASE "+db+" OWNER "+role)
	}
	stmts = append(stmts,
		"REVOKE ALL ON DATABASE "+db+" FROM PUBLIC",
		"GRANT CONNECT ON DATABASE "+db+" TO "+role,
	)
	for _, other := range all {
		if other.Role != t.Role {
			stmts = append(stmts, "REVOKE ALL ON DATABASE "+db+" FROM "+ident(other.Role))
		}
	}
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			return false, fmt.Errorf("database %s: %w", t.Database, err)
		}
	}
	return !exists, nil
}

// foreignRelations lists what in schema public the service role does not own —
// typically tables an earlier setup migrated as a superuser, which the role's own
// migrations could then not alter. Sequences tied to a column follow their table.
const foreignRelations = `
SELECT c.relname, c.relkind::text
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
  AND NOT (c.relkind = 'S' AND EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
ORDER BY c.relname`

var alterKind = map[string]string{
	"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW",
	"S": "SEQUENCE", "f": "FOREIGN TABLE",
}

// secureSchema works inside t's database (conn is the admin connected there): the
// service role owns schema public so its migrations can create there, PUBLIC may
// not create in it, and existing relations are handed to the role. It returns how
// many relations changed owner.
func secureSchema(ctx context.Context, conn *pgx.Conn, t Target) (int, error) {
	role := ident(t.Role)
	for _, s := range []string{
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"ALTER SCHEMA public OWNER TO " + role,
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return 0, fmt.Errorf("database %s: %w", t.Database, err)
		}
	}
	rows, err := conn.Query(ctx, foreignRelations, t.Role)
	if err != nil {
		return 0, fmt.Errorf("database %s: %w", t.Database, err)
	}
	type rel struct{ name, kind string }
	var rels []rel
	for rows.Next() {
		var r rel
		if err := rows.Scan(&r.name, &r.kind); err != nil {
			rows.Close()
			return 0, err
		}
		rels = append(rels, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range rels {
		stmt := "ALTER " + alterKind[r.kind] + " " + pgx.Identifier{"public", r.name}.Sanitize() + " OWNER TO " + role
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return 0, fmt.Errorf("database %s: %w", t.Database, err)
		}
	}
	return len(rels), nil
}
