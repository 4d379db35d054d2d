package domain

import "errors"

// Storage outcomes the use cases react to; stores wrap them with the operation that
// met them, so callers match them with errors.Is.
var (
	// ErrNotFound: the row the operation needs does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: a row with the same unique key (or, for a new restaurant, every
	// slug its name offers) already exists.
	ErrDuplicate = errors.New("already exists")
	// ErrChanged: a conditional update found the row no longer in the state it was
	// read in, because someone changed it meanwhile.
	ErrChanged = errors.New("changed meanwhile")
)
