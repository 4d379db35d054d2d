// Package words names, for people, the machine values services send and store
// (statuses, categories, roles): what a page prints and the colour it shows it in.
// It imports only the standard library, so the wire packages under internal/api can
// carry the words for their own values and every page that shows them agrees.
package words

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tone is the colour a status is shown in; the words carry the meaning, the tone only
// repeats it for the eye.
type Tone string

const (
	Neutral Tone = "neutral" // neither good nor bad: a draft, an archived thing
	Good    Tone = "good"    // done, paid, valid, approved
	Wait    Tone = "wait"    // someone still has to act: pending, submitted
	Active  Tone = "active"  // under way: preparing, shipped
	Bad     Tone = "bad"     // cancelled, refused, failed
)

// Word is what people read for one machine value, and its colour.
type Word struct {
	Text string
	Tone Tone
}

// Words maps the values of one kind (an order status, a category…) to what people read.
type Words map[string]Word

// Vocabulary is every kind of value a set of pages shows, by kind name ("order",
// "ticket", "category"…).
type Vocabulary map[string]Words

// Roles are the platform's roles as people read them.
var Roles = Words{
	"USER":             {"Member", Neutral},
	"ADMIN":            {"Admin", Active},
	"RESTAURANT_OWNER": {"Restaurant owner", Neutral},
	"EVENT_ORGANIZER":  {"Event organizer", Neutral},
	"STORE_OWNER":      {"Store owner", Neutral},
	"INSTRUCTOR":       {"Instructor", Neutral},
	"SERVICE_PROVIDER": {"Service provider", Neutral},
	"MAGAZINE_WRITER":  {"Magazine writer", Neutral},
}

// Merge returns one vocabulary with the kinds of all of vs; a kind named again
// replaces the earlier one.
func Merge(vs ...Vocabulary) Vocabulary {
	out := Vocabulary{}
	for _, v := range vs {
		for kind, w := range v {
			out[kind] = w
		}
	}
	return out
}

// Of is what people read for value of kind. A value nobody named still reads as words
// ("PENDING_PAYMENT" → "Pending payment"), never as the raw value.
func (v Vocabulary) Of(kind, value string) Word {
	if w, ok := v[kind][value]; ok {
		return w
	}
	return Word{Text: Humanize(value), Tone: Neutral}
}

// Humanize turns a machine value into words: "READY_FOR_PICKUP" → "Ready for pickup",
// "pay_at_pickup" → "Pay at pickup".
func Humanize(value string) string {
	s := strings.ToLower(strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(value)))
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Field names a request field for people, never as the machine spells it:
// "pickupTime" → "Pickup time", "attendee.email" → "Attendee email"; indexes are
// dropped ("items[0].quantity" → "Items quantity").
func Field(name string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range name {
		switch {
		case r == '.' || r == '_' || r == '-' || r == ' ':
			b.WriteByte(' ')
			prevLower = false
		case r == '[' || r == ']' || unicode.IsDigit(r):
			prevLower = false
		case unicode.IsUpper(r):
			if prevLower {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToLower(r))
			prevLower = false
		default:
			b.WriteRune(r)
			prevLower = true
		}
	}
	return Humanize(strings.Join(strings.Fields(b.String()), " "))
}

// Problem is one field's problem as a sentence: ("pickupTime", "is outside the
// opening hours") → "Pickup time is outside the opening hours."
func Problem(field, problem string) string {
	problem = strings.TrimSpace(problem)
	s := Field(field)
	if problem != "" {
		s += " " + problem
	}
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
