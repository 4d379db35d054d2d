package site

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
)

const chromium = "/usr/bin/chromium"

// TestBrowserJourney walks a customer through the portal in a real Chromium: the
// home page (with four services absent), an event, buying a ticket, a restaurant,
// ordering food, and My SteppersLife showing both. The session cookie stands in for
// signing in, which the identity pages own; forms pass the portal's CSRF check.
func TestBrowserJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("chromium not installed")
	}
	p := startPlatform(t, 10)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(390, 844), // a phone
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()

	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return v
	}
	httpOnly := true
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: p.buyer, URL: p.portal + "/", HTTPOnly: &httpOnly}); err != nil {
		t.Fatal(err)
	}

	// Home: the event is there; absent services say so and the page still renders.
	run(chromedp.Navigate(p.portal+"/"), chromedp.WaitVisible("h1"))
	if s := text(`section[aria-labelledby="sec-events"]`); !strings.Contains(s, "Portal Test Set") {
		t.Fatalf("home events section: %q", s)
	}
	if s := text(`section[aria-labelledby="sec-classes"]`); !strings.Contains(s, "taking a break") {
		t.Fatalf("home classes section: %q", s)
	}
	noAlt, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('img:not([alt])').length`))
	if err != nil || noAlt != 0 {
		t.Fatalf("%d images without alt text (%v)", noAlt, err)
	}

	// An event: buy one free ticket.
	run(chromedp.Click(`a[href="/events/`+p.eventSlug+`"]`), chromedp.WaitVisible(`form.buy`),
		chromedp.SetValue(`form.buy select`, "1"),
		chromedp.Click(`form.buy button[type="submit"]`), chromedp.WaitVisible(`table`))
	if s := text("main"); !strings.Contains(s, "Thank you") || !strings.Contains(s, "Portal Test Set") {
		t.Fatalf("after buying: %q", s)
	}
	code := text(`td code`)
	if code == "" {
		t.Fatal("no ticket code shown")
	}

	// A restaurant: order for pickup, pay there.
	run(chromedp.Navigate(p.portal+"/restaurants"), chromedp.WaitVisible("h1"),
		chromedp.Click(`a[href="/restaurants/`+p.restaurantSlug+`"]`), chromedp.WaitVisible(`form.order`),
		chromedp.SetValue(`form.order select`, "2"),
		chromedp.Click(`form.order button[type="submit"]`), chromedp.WaitVisible(`.flash`))
	if s := text(".flash"); !strings.Contains(s, "Portal Test Kitchen") {
		t.Fatalf("after ordering: %q", s)
	}

	// My SteppersLife gathers both from their services.
	run(chromedp.Navigate(p.portal+"/me"), chromedp.WaitVisible("h1"))
	if s := text("main"); !strings.Contains(s, "Portal Test Set") || !strings.Contains(s, "Portal Test Kitchen") {
		t.Fatalf("My SteppersLife: %q", s)
	}
}
