// Package migrations holds the magazine service's tables.
package migrations

import (
	"embed"

	"stepperslife/internal/kit/db"
)

//go:embed *.sql
var files embed.FS

// Set is this service's migrations, applied after the kit's own.
var Set = db.Migrations{Owner: "magazine", FS: files, Dir: "."}
