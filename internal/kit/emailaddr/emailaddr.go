// Package emailaddr writes an e-mail address one way everywhere, so that one mailbox
// is one account and one member: the local part in ASCII lower case, the domain as
// IDNA maps it (Unicode case and compatibility folding, then its ASCII form). An
// address built to look like another's — a long s for an s, a Cyrillic а in a Latin
// name — is either folded into the address it imitates or refused.
package emailaddr

import (
	"errors"
	"net/mail"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// MaxLen bounds an address (RFC 5321's path limit).
const MaxLen = 254

// ErrInvalid is returned for anything that is not a plain, unambiguous address.
var ErrInvalid = errors.New("not a usable e-mail address")

// registration is UTS 46 processing as browsers and registrars apply it, with the
// checks on hyphens and bidirectional labels.
var registration = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.BidiRule(), idna.ValidateLabels(true),
	idna.StrictDomainName(true), idna.CheckHyphens(true))

// Normalize returns the one written form of s, or ErrInvalid.
func Normalize(s string) (string, error) {
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || len(s) > 4*MaxLen {
		return "", ErrInvalid
	}
	local, domain := s[:at], s[at+1:]
	for _, r := range local {
		if r > unicode.MaxASCII || unicode.IsControl(r) {
			return "", ErrInvalid // internationalised local parts are not accepted
		}
	}
	ascii, err := registration.ToASCII(domain)
	if err != nil || !strings.Contains(ascii, ".") || !singleScript(ascii) {
		return "", ErrInvalid
	}
	addr := strings.ToLower(local) + "@" + ascii
	if len(addr) > MaxLen {
		return "", ErrInvalid
	}
	if a, err := mail.ParseAddress(addr); err != nil || a.Address != addr {
		return "", ErrInvalid
	}
	return addr, nil
}

// Same reports whether a and b name one mailbox.
func Same(a, b string) bool {
	na, errA := Normalize(a)
	nb, errB := Normalize(b)
	return errA == nil && errB == nil && na == nb
}

// singleScript refuses a domain any of whose labels mixes scripts, the usual shape of
// a look-alike (pаypal with a Cyrillic а), allowing the mixes that writing systems
// really use (Unicode's highly restrictive profile): Latin with Japanese, Chinese or
// Korean scripts.
func singleScript(ascii string) bool {
	for label := range strings.SplitSeq(ascii, ".") {
		if !strings.HasPrefix(label, "xn--") {
			continue
		}
		u, err := idna.Punycode.ToUnicode(label)
		if err != nil {
			return false
		}
		seen := map[string]bool{}
		for _, r := range u {
			if unicode.IsLetter(r) {
				seen[scriptOf(r)] = true
			}
		}
		if !allowedMix(seen) {
			return false
		}
	}
	return true
}

// allowedMixes are the sets of scripts one label may combine.
var allowedMixes = []map[string]bool{
	{"Latin": true, "Han": true, "Hiragana": true, "Katakana": true},
	{"Latin": true, "Han": true, "Bopomofo": true},
	{"Latin": true, "Han": true, "Hangul": true},
}

func allowedMix(seen map[string]bool) bool {
	if len(seen) <= 1 {
		return !seen[""]
	}
	for _, mix := range allowedMixes {
		within := true
		for s := range seen {
			within = within && mix[s]
		}
		if within {
			return true
		}
	}
	return false
}

// scriptOf names the script of a letter, "" when no table has it.
func scriptOf(r rune) string {
	for name, t := range unicode.Scripts {
		if unicode.Is(t, r) {
			return name
		}
	}
	return ""
}
