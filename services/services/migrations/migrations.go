// Package migrations holds the services directory's tables.
package migrations

import (
	"embed"

	"stepperslife/internal/kit/db"
)

//go:embed *.sql
var files embed.FS

// Set is this service's migrations, applied after the kit's own.
var Set = db.Migrations{Owner: "services", FS: files, Dir: "."}
