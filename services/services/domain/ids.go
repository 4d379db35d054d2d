package domain

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"unicode"
)

// NewID returns an opaque random id.
func NewID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Slugify makes a readable URL part of a business name; a random suffix keeps it unique.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if b.Len() >= 60 {
			break
		}
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "provider"
	}
	var suffix [3]byte
	_, _ = rand.Read(suffix[:])
	return s + "-" + hex.EncodeToString(suffix[:])
}
