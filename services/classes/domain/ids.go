package domain

import "stepperslife/internal/kit/ids"

// NewID returns an opaque random id.
func NewID() string { return ids.New() }

// Slugify makes a readable URL part of a title; a random suffix keeps it unique.
func Slugify(title string) string { return ids.UniqueSlug(title, "class") }
