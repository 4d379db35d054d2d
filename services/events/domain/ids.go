package domain

import (
	"crypto/rand"
	"encoding/base64"
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

// TicketCodeBytes is the entropy of a ticket code: 128 bits, far beyond guessing.
const TicketCodeBytes = 16

// NewTicketCode returns a URL-safe unguessable ticket code (22 characters).
func NewTicketCode() string {
	var b [TicketCodeBytes]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// NormalizeCode accepts what a scanner reads: the bare code or the ticket page URL
// the QR code holds, and returns the code.
func NormalizeCode(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, "/")
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// ValidCodeShape reports whether s could be a ticket code at all, so junk never
// reaches the database.
func ValidCodeShape(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_')) {
			return false
		}
	}
	return true
}

// Slugify makes a readable URL part of a title; a random suffix keeps it unique.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "event"
	}
	var suffix [3]byte
	_, _ = rand.Read(suffix[:])
	return s + "-" + hex.EncodeToString(suffix[:])
}
