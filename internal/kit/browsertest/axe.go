package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/testenv"
)

// AxeFile is where scripts/test-deps.sh puts axe-core's browser build, checked against
// the integrity npm publishes for the pinned version.
func AxeFile() string { return filepath.Join(testenv.ToolsDir(), "axe-core", "axe.min.js") }

var axeSource = struct {
	once sync.Once
	js   string
	err  error
}{}

// Axe is axe-core's script, read once per test binary. When it is missing, t is
// skipped on a developer's machine and fails under CI, where the script has run.
func Axe(t testing.TB) string {
	t.Helper()
	axeSource.once.Do(func() {
		b, err := os.ReadFile(AxeFile())
		axeSource.js, axeSource.err = string(b), err
	})
	if axeSource.err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v): run scripts/test-deps.sh", axeSource.err)
		}
		t.Skipf("axe-core not installed at %s; scripts/test-deps.sh installs it", AxeFile())
	}
	return axeSource.js
}

// Violation is one axe rule a page breaks, with the elements that break it.
type Violation struct {
	ID      string `json:"id"`     // the rule, e.g. "color-contrast"
	Impact  string `json:"impact"` // minor, moderate, serious or critical
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		// Target is the CSS selector of the element (one per frame).
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"failureSummary"`
	} `json:"nodes"`
}

// Severe reports whether v is serious or critical: what no page may have.
func (v Violation) Severe() bool { return v.Impact == "serious" || v.Impact == "critical" }

// String names the rule and every element breaking it, by selector.
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s] %s (%s)", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    at %s: %s", strings.Join(n.Target, " "), strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// Audit runs axe-core (the script Axe returns) on the page the tab of ctx shows and
// returns every rule it breaks. The script goes in through the DevTools protocol,
// which the page's Content-Security-Policy does not govern, so pages keep theirs.
func Audit(ctx context.Context, axe string) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, err
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
			return nil, fmt.Errorf("loading axe-core: %w", err)
		}
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]Violation](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
}
