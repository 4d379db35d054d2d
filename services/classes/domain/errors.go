package domain

import "errors"

// Storage outcomes the use cases react to. The store returns them (wrapped with the
// operation that failed) and the use cases turn them into answers; they carry no
// contract code themselves.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
	// ErrAlreadyEnrolled: the student already holds or waits for a place the new
	// enrolment would overlap.
	ErrAlreadyEnrolled = errors.New("already enrolled")
	// ErrFull: no seat for the enrolment and it did not ask to wait.
	ErrFull = errors.New("no seat left")
	// ErrWrongState: a conditional change found its row in another state.
	ErrWrongState = errors.New("not in the state the change needs")
	// ErrNotOpen: the class or session no longer takes enrolments.
	ErrNotOpen = errors.New("not open for enrolment")
)
