package domain

import "errors"

// Storage outcomes the use cases react to. The store returns them (wrapped with the
// operation that failed) and the use cases turn them into answers; they carry no
// contract code themselves.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
	// ErrStale: a conditional change found its row at another version or state than
	// the caller read; someone else changed it meanwhile.
	ErrStale = errors.New("changed by someone else")
)
