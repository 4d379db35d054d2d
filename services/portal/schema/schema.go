// Package schema holds the portal's database migrations: users, roles, sessions, and
// what signing in itself needs (signing keys, password-reset and e-mail verification
// tokens, and the sign-in and registration limits shared by its replicas). Nothing
// else.
package schema

import (
	"embed"

	"stepperslife/internal/kit/db"
)

//go:embed migrations/*.sql
var files embed.FS

// Migrations are the portal's own tables.
var Migrations = db.Migrations{Owner: "portal", FS: files, Dir: "migrations"}
