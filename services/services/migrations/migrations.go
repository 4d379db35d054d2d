// Package migrations holds the services directory's tables.
package migrations

import (
	"embed"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
)

//go:embed *.sql
var files embed.FS

// Set is this service's migrations, applied after the kit's own.
var Set = db.Migrations{Owner: "services", FS: files, Dir: "."}

// Versioned is the data version bumped by every write to the tables public answers
// read: listings (with their search text), the cities they serve, their photos,
// reviews (a listing's rating), inquiries (its response rate and time) and the days
// marked booked. Page views are not among them: a visit changes no answer.
var Versioned = cache.Migrations("services-cache",
	"providers", "provider_cities", "provider_photos", "reviews", "inquiries", "provider_booked_days")
