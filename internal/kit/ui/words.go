package ui

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tone is the colour a status is shown in; a badge's words carry the meaning, the
// tone only repeats it for the eye.
type Tone string

const (
	ToneNeutral Tone = "neutral" // neither good nor bad: a draft, an archived thing
	ToneGood    Tone = "good"    // done, paid, valid, approved
	ToneWait    Tone = "wait"    // someone still has to act: pending, submitted
	ToneActive  Tone = "active"  // under way: preparing, shipped
	ToneBad     Tone = "bad"     // cancelled, refused, failed
)

// Word is what people read for one machine value, and its colour.
type Word struct {
	Text string
	Tone Tone
}

// Words maps the values of one kind (an order status, a category…) to what people read.
type Words map[string]Word

// Vocabulary is every kind of machine value a service's pages show, by kind name
// ("order", "ticket", "category"…). Pages never print a raw value: they ask for its
// word with {{say "order" .Status}} or its badge with {{badge "order" .Status}}.
type Vocabulary map[string]Words

// kitWords are kinds every service shows: the platform's roles.
var kitWords = Vocabulary{
	"role": {
		"USER":             {"Member", ToneNeutral},
		"ADMIN":            {"Admin", ToneActive},
		"RESTAURANT_OWNER": {"Restaurant owner", ToneNeutral},
		"EVENT_ORGANIZER":  {"Event organizer", ToneNeutral},
		"STORE_OWNER":      {"Store owner", ToneNeutral},
		"INSTRUCTOR":       {"Instructor", ToneNeutral},
		"SERVICE_PROVIDER": {"Service provider", ToneNeutral},
		"MAGAZINE_WRITER":  {"Magazine writer", ToneNeutral},
	},
}

// Use adds v's kinds to the words these pages know (a kind named again replaces the
// earlier one). Call it before serving.
func (t *Templates) Use(v Vocabulary) *Templates {
	for kind, words := range v {
		t.vocab[kind] = words
	}
	return t
}

// Word is what people read for value of kind. A value nobody named still reads as
// words ("PENDING_PAYMENT" → "Pending payment"), never as the raw value.
func (t *Templates) Word(kind, value string) Word {
	if w, ok := t.vocab[kind][value]; ok {
		return w
	}
	return Word{Text: Humanize(value), Tone: ToneNeutral}
}

// badge renders value as a coloured status badge whose words a screen reader reads.
func (t *Templates) badge(kind, value string) template.HTML {
	w := t.Word(kind, value)
	return template.HTML(`<span class="badge tone-` + template.HTMLEscapeString(string(w.Tone)) +
		`" data-value="` + template.HTMLEscapeString(value) + `">` + template.HTMLEscapeString(w.Text) + `</span>`)
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

func newVocabulary() Vocabulary {
	v := Vocabulary{}
	for kind, words := range kitWords {
		v[kind] = words
	}
	return v
}
