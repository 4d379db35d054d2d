package domain

import (
	"crypto/rand"
	"strings"
	"unicode"

	"stepperslife/internal/kit/ids"
)

// NewID returns an opaque random id.
func NewID() string { return ids.New() }

// CodeAlphabet is what ticket codes are made of: digits and capitals without the
// ones read aloud or written down wrong (0 and O, 1 and I and L).
const CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeGroups and CodeGroupLen shape a code: three groups of five, "K7M2Q-9XW4H-RTBCD".
// 15 characters of 31 are 74 bits, far beyond guessing.
const (
	CodeGroups   = 3
	CodeGroupLen = 5
)

// NewTicketCode returns an unguessable ticket code a person can read aloud.
func NewTicketCode() string {
	n := CodeGroups * CodeGroupLen
	var b strings.Builder
	buf := make([]byte, 1)
	for i := 0; i < n; {
		_, _ = rand.Read(buf)
		// Rejection sampling keeps every character equally likely: 248 = 8 × 31.
		if buf[0] >= 248 {
			continue
		}
		if i > 0 && i%CodeGroupLen == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(CodeAlphabet[int(buf[0])%len(CodeAlphabet)])
		i++
	}
	return b.String()
}

// NormalizeCode accepts what a scanner reads or a person types: the bare code or
// the ticket page URL the QR code holds. A code of the readable shape is taken in
// any case, with or without its dashes and spaces; earlier codes (URL-safe base64,
// case-sensitive) pass as they are.
func NormalizeCode(s string) string {
	s = ids.Scanned(s)
	bare := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(s))
	if len(bare) != CodeGroups*CodeGroupLen || strings.Trim(bare, CodeAlphabet) != "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(bare); i += CodeGroupLen {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(bare[i : i+CodeGroupLen])
	}
	return b.String()
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
func Slugify(title string) string { return ids.UniqueSlug(title, "event") }
