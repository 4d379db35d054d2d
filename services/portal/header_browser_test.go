package portal_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/host"
)

// headerRow measures the header: its height and how far apart the tops of the
// brand, the search field, the sign-in link and the menu button (those shown) are:
// 0 on one row.
const headerRow = `(() => {
  const shown = [...document.querySelectorAll('.top .brand, .top .site-search, .top .signin, details.menu > summary')]
    .filter(e => e.getClientRects().length);
  const tops = shown.map(e => e.getBoundingClientRect().top);
  return {height: document.querySelector('header.top').getBoundingClientRect().height, spread: Math.max(...tops) - Math.min(...tops)};
})()`

type rowShape struct {
	Height float64 `json:"height"`
	Spread float64 `json:"spread"`
}

// TestBrowserHeaderMenu drives the kit's header on a phone: one row signed in and
// out, sign-in from a service page comes back to it (a refused try focuses its
// error), the account menu opens by
// keyboard with the tools of the person's roles, its tool links go through the
// portal to the right service, and signing out works from the service's page.
// SL_SCREENSHOTS=dir keeps screenshots of the header at 390 and 1280 px.
func TestBrowserHeaderMenu(t *testing.T) {
	browsertest.Require(t)
	portalLn, portalURL := listen(t)
	storeLn, storeURL := listen(t)
	eventsLn, eventsURL := listen(t)
	p := serve(t, portalService(), portalLn, map[string]string{"PUBLIC_URL": portalURL, "NEXTAUTH_URL": portalURL,
		"EVENTS_URL": eventsURL, "STORE_URL": storeURL})
	serve(t, host.Shell("store"), storeLn, map[string]string{"PUBLIC_URL": storeURL, "NEXTAUTH_URL": portalURL})
	serve(t, dashboardService(), eventsLn, map[string]string{"PUBLIC_URL": eventsURL, "NEXTAUTH_URL": portalURL})
	c := newClient(t, p.URL)
	register(t, c, "olga@example.com", "olga-password", "Olga Organizer")
	if a := c.do("POST", "/api/me/roles", map[string]string{"role": auth.RoleEventOrganizer},
		bearer(login(t, c, "olga@example.com", "olga-password"))); a.Status != 200 {
		t.Fatalf("taking the organizer role: %d %s", a.Status, a.Raw)
	}

	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	shot := func(name string) {
		t.Helper()
		dir := os.Getenv("SL_SCREENSHOTS")
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	oneRow := func(when string) {
		t.Helper()
		r := evalJS[rowShape](t, ctx, headerRow)
		if r.Spread > 8 || r.Height > 64 {
			t.Fatalf("%s: the header is not one row: %+v", when, r)
		}
	}
	menuOpen := func() bool { return evalJS[bool](t, ctx, `document.querySelector('details.menu').open`) }

	// Signed out on a phone, on a service's page: one row, and "Sign in" comes back here.
	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(storeURL+"/"), chromedp.WaitVisible("#soon-h"))
	oneRow("signed out, 390 px")
	shot("header-390-signed-out")
	run(chromedp.Click("a.signin"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "olga@example.com"), chromedp.SendKeys("#password", "wrong-password"),
		chromedp.Click("#signin-submit"), chromedp.WaitVisible("#form-error"))
	// The refused form's error has the focus (a screen reader reads it, a phone shows it).
	if !evalJS[bool](t, ctx, `document.activeElement === document.querySelector('#form-error')`) {
		t.Fatal("the sign-in error does not have the focus")
	}
	run(chromedp.SendKeys("#password", "olga-password"),
		chromedp.Click("#signin-submit"), chromedp.WaitVisible("details.menu .who"))
	if loc := location(); loc != storeURL+"/" {
		t.Fatalf("after signing in from the store's page: at %s", loc)
	}
	oneRow("signed in, 390 px")
	shot("header-390-signed-in")

	// The menu opens by keyboard and lists the organizer's tools, not other roles'.
	run(chromedp.Focus("details.menu > summary"), chromedp.KeyEvent("\r"))
	if !menuOpen() {
		t.Fatal("Enter on the menu button did not open the menu")
	}
	links := evalJS[[]string](t, ctx, `[...document.querySelectorAll('details.menu nav[aria-label="Your account"] a')].map(a => a.textContent.trim())`)
	for _, want := range []string{"My SteppersLife", "My tickets", "My orders", "Organizer dashboard", "Check-in tonight", "Account settings"} {
		if !slices.Contains(links, want) {
			t.Errorf("the menu lacks %q: %q", want, links)
		}
	}
	for _, other := range []string{"Restaurant dashboard", "Store dashboard", "Admin"} {
		if slices.Contains(links, other) {
			t.Errorf("the menu offers %q to an organizer: %q", other, links)
		}
	}
	if sections := evalJS[int](t, ctx, `[...document.querySelectorAll('details.menu .menu-sections a')].filter(a => a.getClientRects().length).length`); sections != 6 {
		t.Errorf("the phone menu shows %d sections, want 6", sections)
	}
	shot("header-390-menu-open")
	// Tab moves into the menu; Escape closes it and gives the focus back to its button.
	run(chromedp.KeyEvent("\t"))
	if !evalJS[bool](t, ctx, `document.querySelector('details.menu').contains(document.activeElement) && document.activeElement.tagName === 'A'`) {
		t.Fatal("Tab from the open menu's button does not reach its links")
	}
	run(chromedp.KeyEvent(kb.Escape))
	onButton := evalJS[bool](t, ctx, `document.activeElement === document.querySelector('details.menu > summary')`)
	if menuOpen() || !onButton {
		t.Fatalf("Escape: menu open %v, focus on its button %v", menuOpen(), onButton)
	}

	// A tool link goes through the portal to the events service's own page.
	run(chromedp.KeyEvent("\r"), chromedp.Click(`details.menu a[href$="/go/events/dashboard"]`), chromedp.WaitVisible("#who"))
	if loc := location(); loc != eventsURL+"/dashboard" {
		t.Fatalf("Organizer dashboard: at %s", loc)
	}

	// Desktop: the sections in the row, the menu with the person's name.
	run(chromedp.EmulateViewport(1280, 800), chromedp.Navigate(storeURL+"/"), chromedp.WaitVisible(".sections"))
	oneRow("signed in, 1280 px")
	run(chromedp.Focus("#site-q"))
	shot("header-1280-signed-in")
	run(chromedp.Click("details.menu > summary"))
	shot("header-1280-menu-open")

	// Sign out from the store's page: back on it, signed out everywhere.
	run(chromedp.EmulateViewport(390, 844), chromedp.Click(".menu .signout button"), chromedp.WaitVisible("a.signin"))
	if loc := location(); loc != storeURL+"/" {
		t.Fatalf("after signing out: at %s", loc)
	}
	run(chromedp.Navigate(portalURL + "/api/auth/session"))
	if session := evalJS[string](t, ctx, `document.body.innerText.trim()`); session != "{}" {
		t.Fatalf("still signed in at the portal: %s", session)
	}
	run(chromedp.EmulateViewport(1280, 800), chromedp.Navigate(storeURL+"/"), chromedp.WaitVisible(".sections"))
	oneRow("signed out, 1280 px")
	shot("header-1280-signed-out")

	// A mistyped address on a service is a page with a way on, not JSON.
	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(storeURL+"/no-such-page"), chromedp.WaitVisible("#problem-h"))
	if h := evalJS[string](t, ctx, `document.querySelector('h1').textContent + '|' + document.body.innerText.trim().startsWith('{')`); h != "We could not find that page|false" {
		t.Fatalf("404 page: %q", h)
	}
	run(chromedp.Focus("#problem-q"))
	shot("error-404-390")
}

// evalJS is the value of the script js in the page of ctx.
func evalJS[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}
