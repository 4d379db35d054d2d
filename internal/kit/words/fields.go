package words

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fieldName names a field for the middle of a sentence: "pickupTime" → "pickup
// time", "attendee.email" → "attendee email", "items[0].tierId" → "items tier id".
func fieldName(name string) string {
	var b strings.Builder
	space := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
	}
	prevLower, inIndex := false, false
	for _, r := range name {
		switch {
		case r == '[':
			inIndex = true
		case r == ']':
			inIndex = false
		case inIndex:
		case r == '.' || r == '_' || r == '-' || unicode.IsSpace(r):
			space()
			prevLower = false
		case unicode.IsUpper(r):
			if prevLower {
				space()
			}
			b.WriteRune(unicode.ToLower(r))
			prevLower = false
		default:
			b.WriteRune(r)
			prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// Problems says in sentences what is wrong with fields (a field's name → what is wrong
// with it, as the contract's VALIDATION_FAILED details carry them): "Pickup time is
// in the past." labels name fields the way a page's form does ("startsAt" → "start"),
// by the name with or without its indexes ("items.quantity" covers "items[2].quantity");
// any other field, also one named inside a problem ("must be after startsAt"), is put
// into words ("pickupTime" → "pickup time"). The sentences come in a stable order.
func Problems(fields map[string]string, labels map[string]string) string {
	name := func(key string) string {
		if l, ok := labels[key]; ok {
			return l
		}
		if l, ok := labels[withoutIndexes(key)]; ok {
			return l
		}
		return fieldName(key)
	}
	sentences := make([]string, 0, len(fields))
	for key, problem := range fields {
		tokens := strings.Fields(problem)
		for i, tok := range tokens {
			core := strings.TrimRight(tok, ".,;:)")
			if _, named := labels[core]; named || camelCase(core) {
				tokens[i] = name(core) + tok[len(core):]
			}
		}
		s := upperFirst(name(key)) + " " + strings.Join(tokens, " ")
		if !strings.HasSuffix(s, ".") {
			s += "."
		}
		sentences = append(sentences, s)
	}
	slices.Sort(sentences)
	return strings.Join(sentences, " ")
}

// camelCase reports whether s is an identifier like "startsAt": letters only, a
// lowercase start and an uppercase letter after it.
func camelCase(s string) bool {
	if s == "" || !unicode.IsLower([]rune(s)[0]) {
		return false
	}
	upper := false
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}

func withoutIndexes(key string) string {
	var b strings.Builder
	in := false
	for _, r := range key {
		switch {
		case r == '[':
			in = true
		case r == ']':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
