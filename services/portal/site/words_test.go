package site

import (
	"html"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/words"
)

var (
	tagsAndScripts = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>|<[^>]*>`)
	shouting       = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{3,}\b`)
)

// visibleText is what a person reads on page: its text without tags, so values kept
// in attributes (data-value, an option's value) do not count.
func visibleText(page string) string {
	return html.UnescapeString(tagsAndScripts.ReplaceAllString(page, " "))
}

// rawValues are the machine values page shows that the portal's words name (a
// status, a category, a role), and any SHOUTED_SNAKE word.
func rawValues(page string) []string {
	known := map[string]bool{}
	for _, kind := range vocabulary {
		for value := range kind {
			known[value] = true
		}
	}
	for value := range words.Roles {
		known[value] = true
	}
	var out []string
	for _, w := range shouting.FindAllString(visibleText(page), -1) {
		if known[w] || strings.Contains(w, "_") {
			out = append(out, w)
		}
	}
	return out
}

// noRawValues fails when the page shows a raw value.
func noRawValues(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if raw := rawValues(rec.Body.String()); len(raw) > 0 {
		t.Errorf("the page shows raw values %q", raw)
	}
}

func TestRawValuesAreFoundInTextOnly(t *testing.T) {
	got := rawValues(`<p data-value="PENDING_PAYMENT">Pay at the door</p><p>BALL &amp; NEW_THING</p><option value="SET">Set</option> SK-1008`)
	if strings.Join(got, ",") != "BALL,NEW_THING" {
		t.Fatalf("%q", got)
	}
}

// A refusal names the fields in words, never as the machine spells them.
func TestFieldProblemsInWords(t *testing.T) {
	e := errs.Invalid(map[string]string{"pickupTime": "is outside the restaurant's opening hours (Tue 3:00 AM Chicago time)"})
	got := politely(e, "restaurants")
	if strings.Contains(got, "pickupTime") || !strings.Contains(got, "Pickup time is outside the restaurant's opening hours") {
		t.Fatalf("%q", got)
	}
}
