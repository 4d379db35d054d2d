// Package migrations holds the classes service's tables.
package migrations

import (
	"embed"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
)

//go:embed *.sql
var files embed.FS

// Set is this service's migrations, applied after the kit's own.
var Set = db.Migrations{Owner: "classes", FS: files, Dir: "."}

// Versioned is the data version bumped by every write to the tables public answers
// read: classes, their sessions, enrolments and the seats they hold (seats left, the
// waitlist), reviews, instructors (whether cards are taken) and their profiles.
var Versioned = cache.Migrations("classes-cache",
	"classes", "class_sessions", "enrollments", "enrollment_seats", "reviews", "instructors", "instructor_profiles")
