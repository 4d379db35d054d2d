package ui

import (
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"stepperslife/internal/kit/words"
)

func TestPagesSayWordsNotMachineValues(t *testing.T) {
	fsys := fstest.MapFS{"p.html": {Data: []byte(`{{define "content"}}<p id="s">{{say "order" .Data}}</p>{{badge "order" .Data}} {{say "role" "EVENT_ORGANIZER"}} {{say "order" "READY_FOR_PICKUP"}}{{end}}`)}}
	tpl, err := Parse(fsys, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	tpl.Use(Vocabulary{"order": {"PENDING_PAYMENT": {Text: "Waiting for payment", Tone: words.Wait}}})
	w := httptest.NewRecorder()
	tpl.Render(w, httptest.NewRequest("GET", "/", nil), 200, "p.html", View{Data: "PENDING_PAYMENT"})
	body := w.Body.String()
	for _, want := range []string{
		`<p id="s">Waiting for payment</p>`,
		`<span class="badge tone-wait" data-value="PENDING_PAYMENT">Waiting for payment</span>`,
		"Event organizer", "Ready for pickup",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
}
