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
	var suffix [3]byte
	_, _ = rand.Read(suffix[:])
	return SlugBase(title, "article") + "-" + hex.EncodeToString(suffix[:])
}

// SlugBase is the readable URL part of a name alone, made at least three long with
// the word of what it names (kind: "article", "legend").
func SlugBase(title, kind string) string {
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
	if len(s) < 3 {
		s = strings.Trim(s+"-"+kind, "-")
	}
	return s
}
