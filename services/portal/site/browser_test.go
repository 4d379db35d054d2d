package site

import (
	"context"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/browsertest"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
)

// css is a CSS selector, matched with querySelector. A plain string would be
// chromedp's Search, which also matches any text on the page ("main" finds
// "2 Main St").
type css = chromedp.CSS

// TestBrowserJourney walks a customer through the real portal process in a real
// Chromium, on a phone-sized window: the home page (with four services absent), an
// event, buying a ticket, a restaurant, ordering food, and My SteppersLife showing
// both. The session cookie of a sign-in through the portal's API stands in for the
// sign-in page (TestBrowserWholeJourney uses the pages); forms pass the portal's
// CSRF check.
func TestBrowserJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	p := startPlatform(t, 10)

	b := newBrowser(t, chromedp.WindowSize(390, 844)) // a phone
	run, text := b.run, b.text
	ctx := b.ctx
	httpOnly := true
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: p.buyer, URL: p.portal + "/", HTTPOnly: &httpOnly}); err != nil {
		t.Fatal(err)
	}

	// Home: the event is there; absent services say so in one line and show no
	// section, and the page still renders.
	run(chromedp.Navigate(p.portal + "/"))
	b.until(`main`, "Portal Test Set")
	if s := text(`main .notice`); !strings.Contains(s, "We could not reach Classes") {
		t.Fatalf("home's note of the services down: %q", s)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#sec-classes').length`)); err != nil || n != 0 {
		t.Fatalf("the classes section of an absent service is shown (%v)", err)
	}
	noAlt, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('img:not([alt])').length`))
	if err != nil || noAlt != 0 {
		t.Fatalf("%d images without alt text (%v)", noAlt, err)
	}

	// An event: buy one free ticket.
	run(chromedp.Click(css(`a[href="/events/`+p.eventSlug+`"]`)), chromedp.WaitVisible(css(`form.buy`)),
		chromedp.SetValue(css(`form.buy select`), "1"),
		chromedp.Click(css(`form.buy button[type="submit"]`)), chromedp.WaitVisible(css(`.qrs`)))
	if s := text("main"); !strings.Contains(s, "You're going!") || !strings.Contains(s, "Portal Test Set") {
		t.Fatalf("after buying: %q", s)
	}
	code := text(`.qrs code`)
	if code == "" {
		t.Fatal("no ticket code shown")
	}

	// A restaurant: order for pickup, pay there.
	run(chromedp.Navigate(p.portal + "/restaurants"))
	b.until("main", "Portal Test Kitchen")
	run(chromedp.Click(css(`a[href="/restaurants/`+p.restaurantSlug+`"]`)), chromedp.WaitVisible(css(`form.order`)),
		chromedp.SetValue(css(`form.order select`), "2"),
		chromedp.Click(css(`form.order button[type="submit"]`)), chromedp.WaitVisible(css(`#tracker`)))
	if s := text("main"); !strings.Contains(s, "Thank you") || !strings.Contains(s, "Portal Test Kitchen") {
		t.Fatalf("after ordering: %q", s)
	}

	// My SteppersLife gathers both from their services.
	run(chromedp.Navigate(p.portal + "/me"))
	b.until(`section[aria-labelledby="sec-events"]`, "Portal Test Set")
	b.until(`section[aria-labelledby="sec-restaurants"]`, "Portal Test Kitchen")
}

// tab is one Chromium page of a test.
type tab struct {
	t   *testing.T
	ctx context.Context
}

// stepTimeout bounds one run of browser steps: long enough for a loaded machine,
// short enough that a page that never shows what a step waits for fails the test
// with what the page showed instead.
const stepTimeout = 90 * time.Second

// newBrowser starts a headless Chromium with a fresh profile, ended when the test
// ends, and returns its first tab.
func newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) tab {
	t.Helper()
	return tab{t: t, ctx: browsertest.Start(t, extra...)}
}

// incognito opens a tab in a new browser context of the same Chromium: its own
// cookies, as another person on another device would have.
func (b tab) incognito() tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab, for as long as ctx lives
		b.t.Fatalf("open a tab in a new browser context: %v", err)
	}
	return tab{t: b.t, ctx: ctx}
}

// run performs steps; when they fail, the test stops with the address and the text
// of the page the tab was on.
func (b tab) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		// A fresh bound: the steps' may be spent, and a hung page must not hang the
		// report of it.
		look, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		defer cancel()
		where, _ := chromedp.Run(look, chromedp.Location())
		body, _ := chromedp.Run(look, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		b.t.Fatalf("%v\non %s:\n%s", err, where, body)
	}
}

// text is the text of the first element sel matches.
func (b tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		b.t.Fatalf("%s: %v", sel, err)
	}
	return v
}

// attr is the value of attribute name of the first element sel matches.
func (b tab) attr(sel, name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.AttributeValue(css(sel), name))
	if err != nil || !v.Exists {
		b.t.Fatalf("%s[%s]: %v", sel, name, err)
	}
	return v.Value
}

// location is the address the tab shows.
func (b tab) location() string {
	b.t.Helper()
	where, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	return where
}

// until reloads the page until the element sel shows want. The portal gives each
// service a short time budget and shows a slow one's part of a page as taking a
// break, which on a loaded test machine can happen to any one request; a person
// would reload too. The pauses grow past the portal's breaker cooldown (5s), so a
// breaker a few slow answers opened is probed again; twelve misses are a real
// failure.
func (b tab) until(sel, want string) {
	b.t.Helper()
	var last string
	pause := 250 * time.Millisecond
	for try := range 12 {
		if try > 0 {
			time.Sleep(pause)
			pause = min(2*pause, 2*time.Second)
			b.run(chromedp.Reload())
		}
		b.run(chromedp.WaitVisible(css(sel)))
		if last = b.text(sel); strings.Contains(last, want) {
			return
		}
	}
	b.t.Fatalf("%s never showed %q; last: %q", sel, want, last)
}
