package ui

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"stepperslife/internal/kit/words"
)

func TestFragmentsSayTheSameWords(t *testing.T) {
	pages, err := Parse(fstest.MapFS{"p.html": {Data: []byte(`{{define "content"}}{{end}}`)}}, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	pages.Use(Vocabulary{"order": {"READY_FOR_PICKUP": {Text: "Ready for pickup", Tone: words.Good}}})
	frag := template.Must(template.New("board").Funcs(pages.WordFuncs()).Parse(`<h3>{{say "order" .}}</h3>{{badge "order" .}}`))
	var b strings.Builder
	if err := frag.Execute(&b, "READY_FOR_PICKUP"); err != nil {
		t.Fatal(err)
	}
	want := `<h3>Ready for pickup</h3><span class="badge tone-good" data-value="READY_FOR_PICKUP">Ready for pickup</span>`
	if b.String() != want {
		t.Errorf("fragment:\n got %s\nwant %s", b.String(), want)
	}
}
