// Package migrations holds the restaurants service's tables.
package migrations

import (
	"embed"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
)

//go:embed *.sql
var files embed.FS

// Set is this service's migrations, applied after the kit's own.
var Set = db.Migrations{Owner: "restaurants", FS: files, Dir: "."}

// Versioned is the data version bumped by every write to the tables public answers
// read: restaurants (profile, approval, kitchen pause), hours, photos and the menu.
var Versioned = cache.Migrations("restaurants-cache",
	"restaurants", "restaurant_hours", "restaurant_photos", "menu_categories", "menu_items")
