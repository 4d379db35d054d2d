// Package browsertest starts the real Chromium that page tests drive, with the flags
// this kind of machine needs (no sandbox as root, no calls to the outside network).
package browsertest

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium is the browser the set-up script installs.
const Chromium = "/usr/bin/chromium"

// Require skips t when Chromium is missing on a developer's machine; under CI, where
// scripts/test-deps.sh installs it, a missing browser fails the test instead.
func Require(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is missing at %s: run scripts/test-deps.sh", Chromium)
		}
		t.Skip("chromium not installed; scripts/test-deps.sh installs it")
	}
}

// options are the allocator options of a fresh headless Chromium with its own empty
// profile; extra ones (a window size, say) come last.
func options(t testing.TB, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	t.Helper()
	Require(t)
	return append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
	}, extra...)
}

// Start launches a fresh Chromium for t and returns its first tab's context, which
// lives until the test ends. The browser starts here, on this long-lived context:
// started under a step's shorter context, it would close when that step ends.
func Start(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), options(t, extra...)...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}
