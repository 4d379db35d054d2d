package domain

import (
	"crypto/rand"
	"encoding/hex"
)

// NewID makes an opaque random id with a readable prefix ("ord_3f2a…"), so a stray id
// in a log says what it names.
func NewID(prefix string) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return prefix + "_" + hex.EncodeToString(b[:])
}
