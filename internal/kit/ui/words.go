package ui

import (
	"html/template"

	"stepperslife/internal/kit/words"
)

// Vocabulary is the words a service's pages know: see package words.
type Vocabulary = words.Vocabulary

// Use adds v's kinds to the words these pages know (a kind named again replaces the
// earlier one; "role" is known to every service). Call it before serving. Pages ask
// for a value's words with {{say "order" .Status}} or its badge with
// {{badge "order" .Status}}, and never print the raw value.
func (t *Templates) Use(v Vocabulary) *Templates {
	for kind, w := range v {
		t.vocab[kind] = w
	}
	return t
}

// Word is what people read for value of kind on these pages.
func (t *Templates) Word(kind, value string) words.Word { return t.vocab.Of(kind, value) }

// badge renders value as a coloured status badge whose words a screen reader reads.
func (t *Templates) badge(kind, value string) template.HTML {
	w := t.Word(kind, value)
	return template.HTML(`<span class="badge tone-` + template.HTMLEscapeString(string(w.Tone)) +
		`" data-value="` + template.HTMLEscapeString(value) + `">` + template.HTMLEscapeString(w.Text) + `</span>`)
}

func newVocabulary() Vocabulary { return Vocabulary{"role": words.Roles} }

// WordFuncs are say and badge reading these pages' words, for a template parsed
// outside Parse: a fragment a page's script swaps in, rendered without the layout.
func (t *Templates) WordFuncs() template.FuncMap {
	return template.FuncMap{"say": func(kind, value string) string { return t.Word(kind, value).Text }, "badge": t.badge}
}
