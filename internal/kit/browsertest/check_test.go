package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/words"
)

const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>T</title></head><body><main><h1>T</h1>`

var checkPages = map[string]string{
	"/clean": head + `<p>Free tickets with a card. Code ab-PAIDx_9 PENDINGS.</p>
		<div class="scroll" style="overflow-x:auto;position:relative" tabindex="0" role="region" aria-label="Tiers"><table style="min-width:40rem"><tr><td style="width:35rem">Bea</td><td>Refund<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"> hidden words</span></td></tr></table></div></main></body></html>`,
	"/raw":  head + `<p>Your order: PENDING_PAYMENT, pay_at_pickup.</p><p style="text-transform:uppercase">ball</p></main></body></html>`,
	"/wide": head + `<div id="poster" style="width:600px">A wide poster</div></main></body></html>`,
	// The words hidden for screen readers escape a scrolling box that is not positioned.
	"/escape": head + `<div style="overflow-x:auto" tabindex="0" role="region" aria-label="Tiers"><table style="min-width:40rem"><tr><td style="width:35rem">Bea</td><td>Refund<span class="hide" style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"> Refund Bea</span></td></tr></table></div></main></body></html>`,
	"/empty":  head + `<section aria-labelledby="s"><h2 id="s"> </h2><p>Tickets</p></section></main></body></html>`,
	"/axe":    head + `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"><p style="color:#ccc;background:#fff">Faint words</p></main></body></html>`,
}

func TestCheckerFindsWhatNoPageMayHave(t *testing.T) {
	Require(t)
	c := NewChecker(t, words.Vocabulary{"order": {"PENDING_PAYMENT": {}, "PAID": {}}, "payment": {"pay_at_pickup": {}, "free": {}, "card": {}},
		"category": {"BALL": {}}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/json" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"error":"Not found.","code":"NOT_FOUND"}`))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(checkPages[r.URL.Path]))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(Start(t), 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(Phone.Width, Phone.Height, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][]string{
		"/clean":  nil,
		"/json":   {"shows JSON"},
		"/raw":    {"machine value PENDING_PAYMENT", "machine value pay_at_pickup", "machine value BALL"},
		"/wide":   {"scrolls sideways", "div#poster"},
		"/escape": {"scrolls sideways", "span.hide"},
		"/empty":  {"an empty heading, h2#s"},
		"/axe":    {"axe image-alt [critical]", "at img", "axe color-contrast [serious]"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatal(err)
		}
		problems, err := c.Check(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(problems, "\n")
		if want == nil && got != "" {
			t.Errorf("%s: a clean page has problems:\n%s", path, got)
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: problems lack %q:\n%s", path, w, got)
			}
		}
		if path == "/raw" && strings.Contains(got, "machine value PAID") {
			t.Errorf("a value inside a longer token counts as raw:\n%s", got)
		}
	}
}

func TestMachineValuesLeaveOrdinaryWordsOut(t *testing.T) {
	got := MachineValues(words.Vocabulary{"a": {"PENDING": {}, "free": {}, "pay_at_pickup": {}, "gluten-free": {}, "X": {}}},
		words.Vocabulary{"b": {"PENDING": {}, "READY_FOR_PICKUP": {}, "DJ": {Text: "DJ"}}})
	want := []string{"PENDING", "READY_FOR_PICKUP", "pay_at_pickup"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("MachineValues = %v, want %v", got, want)
	}
}
