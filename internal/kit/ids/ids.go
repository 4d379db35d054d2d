// Package ids makes the identifiers services hand out: opaque random ids, readable
// URL slugs, and the codes people scan or type.
package ids

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// New returns an opaque random id: 24 hex characters (96 bits).
func New() string { return randomHex(12) }

// Prefixed returns an opaque random id with a readable prefix ("ord_3f2a…", 80
// random bits), so a stray id in a log says what it names.
func Prefixed(prefix string) string { return prefix + "_" + randomHex(10) }

// MaxSlugLen bounds the readable part of a slug.
const MaxSlugLen = 60

// Slug makes a URL-safe name of s: lower case ASCII letters and digits joined by
// dashes, at most MaxSlugLen of them; accents fall away (café → cafe). fallback
// names what s was when nothing of it is left.
func Slug(s, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r):
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= MaxSlugLen {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = fallback
	}
	return out
}

// UniqueSlug is Slug with a random suffix ("winter-ball-3f2a1c"), for names that
// repeat (two events may share a title) and need no lookup to stay apart.
func UniqueSlug(s, fallback string) string { return Slug(s, fallback) + "-" + randomHex(3) }

// Fold lower-cases s and drops its accents, so "Café" and "cafe" match in search.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Scanned is the code in what a scanner reads off a QR code: the bare code, or the
// page address the QR code holds, which ends in the code (query and fragment
// dropped, a trailing slash too). Surrounding space goes.
func Scanned(s string) string {
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

// randomHex is n random bytes in hex. crypto/rand does not fail on the platforms
// served (it aborts the process rather than return an error).
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
