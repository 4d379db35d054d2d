// Package browsertest starts the real Chromium that page tests drive, with the flags
// this kind of machine needs (no sandbox as root, no calls to the outside network).
package browsertest

import (
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

// Options are the allocator options of a fresh headless Chromium with its own empty
// profile; extra ones (a window size, say) come last.
func Options(t testing.TB, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	t.Helper()
	Require(t)
	return append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
	}, extra...)
}
