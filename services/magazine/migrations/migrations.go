// Package migrations holds the magazine service's tables.
package migrations

import (
	"embed"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
)

//go:embed *.sql
var files embed.FS

//go:embed versioned/*.sql
var versioned embed.FS

// Set is this service's migrations, applied after the kit's own.
var Set = db.Migrations{Owner: "magazine", FS: files, Dir: "."}

// Versioned is the data version bumped by every write to the tables public answers
// read: an article's addresses, tags and co-writers, the legends and the memories
// shared of them. Articles themselves bump it through ArticlesVersioned, applied
// after it.
var Versioned = cache.Migrations("magazine-cache", "article_slugs", "article_tags", "article_coauthors", "legends",
	"legend_memories")

// ArticlesVersioned bumps the data version on every write to articles but a reading
// counted (see versioned/).
var ArticlesVersioned = db.Migrations{Owner: "magazine-cache-articles", FS: versioned, Dir: "versioned"}
