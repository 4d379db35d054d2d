package domain

import (
	"time"
	_ "time/tzdata" // America/Chicago even on a machine without a zone database
)

// Chicago is where the classes happen; instructors write and students read their
// times in it, and a weekly series keeps its wall-clock time in it across daylight
// saving. The zone database is embedded, so the fixed fallback is never used.
var Chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("CT", -6*3600)
}()
