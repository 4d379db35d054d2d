package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/words"
)

// Checker finds what no page a person lands on may have: a JSON body instead of a
// page, a machine value printed raw (PENDING_PAYMENT, pay_at_pickup), a page wider
// than the phone it is on, an empty heading, and a serious or critical
// accessibility violation.
type Checker struct {
	axe string
	raw []string
}

// NewChecker checks pages for the values of vocabularies, the words of every kind
// the pages may show (see MachineValues), and with axe-core (see Axe: skipped or
// failed when it is missing).
func NewChecker(t testing.TB, vocabularies ...words.Vocabulary) *Checker {
	t.Helper()
	return &Checker{axe: Axe(t), raw: MachineValues(vocabularies...)}
}

// MachineValues are the values of vocabularies that can only be a machine's: those
// in UPPER_CASE ("PENDING", "BALL") and those joined by underscores ("pay_at_pickup").
// A lowercase value without one is an ordinary word ("free", "card", "vegan") that
// a sentence may use, so it is left out, as is a value people say as it is ("DJ").
func MachineValues(vocabularies ...words.Vocabulary) []string {
	seen := map[string]bool{}
	for _, v := range vocabularies {
		for _, kind := range v {
			for value, w := range kind {
				// A value whose words are itself ("DJ") reads as a word wherever it shows.
				if machineLooking(value) && w.Text != value {
					seen[value] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

func machineLooking(value string) bool {
	if strings.Contains(value, "_") {
		return true
	}
	letters := 0
	for _, r := range value {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}

// pageFacts is what one script reads from the page in a single round trip.
type pageFacts struct {
	ContentType string   `json:"contentType"`
	Text        string   `json:"text"`
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Raw         []string `json:"raw"`
	Wide        []string `json:"wide"` // the elements reaching past the right edge
	// Empty are headings with nothing to say: a screen reader announces a heading
	// and reads nothing.
	Empty []string `json:"empty"`
}

// factsScript looks for each value as a whole token: not inside a longer word, a
// ticket code or a hyphenated name. innerText is what a person reads (hidden
// elements left out, CSS text-transform applied).
const factsScript = `((values) => {
	const text = document.body ? document.body.innerText : "";
	const raw = values.filter(v => new RegExp("(^|[^A-Za-z0-9_-])" + v.replace(/[-]/g, "\\-") + "($|[^A-Za-z0-9_-])").test(text));
	const root = document.documentElement, edge = root.clientWidth;
	const wide = [];
	if (root.scrollWidth > edge) {
		// Only what the page itself scrolls for, not what a scrolling box clips. A box
		// clips what its containing blocks lead up to it: an absolutely positioned
		// element escapes every box up to its nearest positioned ancestor.
		const block = el => {
			const pos = getComputedStyle(el).position;
			if (pos === "fixed") return null;
			let p = el.parentElement;
			if (pos === "absolute") while (p && p !== document.body && getComputedStyle(p).position === "static") p = p.parentElement;
			return p === document.body ? null : p;
		};
		const clipped = el => {
			for (let p = block(el); p; p = block(p)) {
				if (getComputedStyle(p).overflowX !== "visible") return true;
			}
			return false;
		};
		const over = el => el.getBoundingClientRect().right > edge + 1 && !clipped(el);
		for (const el of document.body.querySelectorAll("*")) {
			if (el.getBoundingClientRect().width > 0 && over(el) && ![...el.children].some(over)) {
				const r = el.getBoundingClientRect();
				const id = el.id ? "#" + el.id : "";
				const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "";
				wide.push(el.tagName.toLowerCase() + id + cls + " (right edge " + Math.round(r.right) + "px)");
				if (wide.length === 5) break;
			}
		}
	}
	const empty = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6,[role=heading]")]
		.filter(h => !h.textContent.trim() && !h.getAttribute("aria-label") && ![...h.querySelectorAll("img[alt]")].some(i => i.alt.trim()))
		.map(h => h.tagName.toLowerCase() + (h.id ? "#" + h.id : ""));
	return {contentType: document.contentType, text, scrollWidth: root.scrollWidth, clientWidth: edge, raw, wide, empty};
})`

// Check inspects the page the tab of ctx shows and returns what is wrong with it, one
// problem a line; where names the page in the messages. An empty answer is a page
// that passes.
func (c *Checker) Check(ctx context.Context, where string) ([]string, error) {
	values, _ := json.Marshal(c.raw)
	f, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsScript+"("+string(values)+")"))
	if err != nil {
		return nil, fmt.Errorf("%s: reading the page: %w", where, err)
	}
	var problems []string
	body := strings.TrimSpace(f.Text)
	if f.ContentType != "text/html" || (strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[")) && json.Valid([]byte(body)) {
		problems = append(problems, fmt.Sprintf("%s: shows JSON (%s), not a page: %.200s", where, f.ContentType, body))
	}
	for _, v := range f.Raw {
		problems = append(problems, fmt.Sprintf("%s: shows the machine value %s; say it in words (ui vocabulary)", where, v))
	}
	if f.ScrollWidth > f.ClientWidth {
		problems = append(problems, fmt.Sprintf("%s: scrolls sideways, %dpx of content in %dpx; too wide: %s",
			where, f.ScrollWidth, f.ClientWidth, strings.Join(f.Wide, ", ")))
	}
	for _, h := range f.Empty {
		problems = append(problems, fmt.Sprintf("%s: an empty heading, %s; give it words", where, h))
	}
	vs, err := Audit(ctx, c.axe)
	if err != nil {
		return nil, fmt.Errorf("%s: axe-core: %w", where, err)
	}
	for _, v := range vs {
		if v.Severe() {
			problems = append(problems, where+": axe "+v.String())
		}
	}
	return problems, nil
}

// Require fails t with every problem Check finds on the current page; the test goes
// on, so one run reports every page.
func (c *Checker) Require(t testing.TB, ctx context.Context, where string) {
	t.Helper()
	problems, err := c.Check(ctx, where)
	if err != nil {
		t.Error(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
