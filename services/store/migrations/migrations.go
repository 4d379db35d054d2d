// Package migrations holds the store service's tables.
package migrations

import (
	"embed"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
)

//go:embed *.sql
var files embed.FS

// Set is this service's migrations, applied after the kit's own.
var Set = db.Migrations{Owner: "store", FS: files, Dir: "."}

// Versioned is the data version bumped by every write to the tables public answers
// read: vendors (listing, pickup points, card payments), products, their variants
// (price, stock: "sold out") and images.
var Versioned = cache.Migrations("store-cache", "vendors", "products", "variants", "product_images")
