package domain

import (
	"crypto/rand"
	"encoding/base64"
	"unicode"

	"stepperslife/internal/kit/ids"
)

// NewID returns an opaque random id.
func NewID() string { return ids.New() }

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
func NormalizeCode(s string) string { return ids.Scanned(s) }

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
func Slugify(title string) string { return ids.UniqueSlug(title, "event") }
