package domain

import (
	"crypto/rand"
	"strconv"
	"strings"

	"stepperslife/internal/kit/ids"
)

// NewID makes an opaque random id with a readable prefix ("ord_3f2a…"), so a stray
// id in a log says what it names.
func NewID(prefix string) string { return ids.Prefixed(prefix) }

// codeAlphabet is Crockford's base 32: no I, L, O or U, so a code read aloud or
// typed from a receipt is not mistaken.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// randomCode is n characters of codeAlphabet from crypto/rand (5 bits each).
func randomCode(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// NewOrderNumber is the number a customer and vendor quote about an order:
// "ST-" and 8 characters (40 random bits). It is drawn, not counted, so placing an
// order touches no shared counter row; the store's unique index catches the rare
// repeat.
func NewOrderNumber() string { return "ST-" + randomCode(8) }

// PickupCodeLen is the length of a pickup code: 60 random bits, far beyond guessing
// at a door, short enough to type when a phone cannot show its QR code.
const PickupCodeLen = 12

// NewPickupCode is the secret a buyer shows (as a QR code) to collect a pickup order.
func NewPickupCode() string { return randomCode(PickupCodeLen) }

// NormalizePickupCode accepts what a scanner or a person gives: the bare code in any
// case, with spaces or dashes, or the order page URL the QR code holds ending in
// the code.
func NormalizePickupCode(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(ids.Scanned(s)))
	if len(s) != PickupCodeLen || strings.Trim(s, codeAlphabet) != "" {
		return ""
	}
	return s
}

// Slugify makes a URL-safe name: lower case ASCII letters and digits joined by
// dashes; accents fall away (café → cafe). fallback names what s was when nothing
// of it is left.
func Slugify(s, fallback string) string { return ids.Slug(s, fallback) }

// Fold lower-cases s and drops its accents, so "Café" and "cafe" match in search.
func Fold(s string) string { return ids.Fold(s) }

// checkLen names field in bad when v (trimmed already) is outside minLen–maxLen
// characters; minLen 0 makes it optional.
func checkLen(bad map[string]string, field, v string, minLen, maxLen int) {
	n := len([]rune(v))
	switch {
	case minLen > 0 && n == 0:
		bad[field] = "is required"
	case n < minLen:
		bad[field] = "is too short"
	case n > maxLen:
		bad[field] = "must be at most " + strconv.Itoa(maxLen) + " characters"
	}
}
