package domain

import "time"

// Chicago is where the store's vendors hand orders over; people read and write their times in it.
var Chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("CT", -6*3600)
}()
