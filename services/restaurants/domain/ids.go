package domain

import "stepperslife/internal/kit/ids"

// NewID makes an opaque random id with a readable prefix ("ord_3f2a…"), so a stray id
// in a log says what it names.
func NewID(prefix string) string { return ids.Prefixed(prefix) }
