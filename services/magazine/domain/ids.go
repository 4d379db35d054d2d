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

// maxSlugBase bounds the readable part of a slug.
const maxSlugBase = 60

// Slugify makes a readable URL part of a title; a short random suffix keeps it
// unique without asking the database first.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if b.Len() >= maxSlugBase {
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
		s = "article"
	}
	var suffix [3]byte
	_, _ = rand.Read(suffix[:])
	return s + "-" + hex.EncodeToString(suffix[:])
}
