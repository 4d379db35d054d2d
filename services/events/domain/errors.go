package domain

import "errors"

// Storage outcomes the use cases react to.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
)
