package domain

import "errors"

// Storage outcomes the use cases react to. The store returns them (wrapped with the
// operation that failed) and the use cases turn them into answers; they carry no
// contract code themselves.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
	// ErrWrongState: a conditional change found its row in another state.
	ErrWrongState = errors.New("not in the state the change needs")
)
