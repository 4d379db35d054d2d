package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
)

// TestBrowserFoodOrderOnAPhone orders food as a dancer on a phone would, from the
// real restaurants service: the page says the kitchen is open and shows the week's
// hours; the cart adds up subtotal and tax as dishes are chosen and rides along at
// the bottom of the screen; a dish gets a note; pickup is ASAP or a time from the
// list. The order's own page (reached by a redirect, so a refresh never re-posts)
// shows the itemized receipt, and its tracker follows the kitchen without a reload.
func TestBrowserFoodOrderOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	p := newPlatform(t)
	p.buyer = p.account(t, "dancer@example.com")
	chef := p.account(t, "chef@example.com", auth.RoleRestaurantOwner)
	p.seedRestaurant(t, chef, p.admin(t, "admin@example.com"))

	b := newBrowser(t, chromedp.WindowSize(390, 844))
	httpOnly := true
	if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: p.buyer, URL: p.portal + "/", HTTPOnly: &httpOnly}); err != nil {
		t.Fatal(err)
	}
	check := browsertest.NewChecker(t, restaurantsapi.Words)

	b.run(chromedp.Navigate(p.portal + "/restaurants"))
	b.until("main", "Portal Test Kitchen")
	if s := b.text(".tile .open-note"); !strings.HasPrefix(s, "Open now") {
		t.Fatalf("the list says %q", s)
	}
	b.run(chromedp.Click(css(`a[href="/restaurants/`+p.restaurantSlug+`"]`)), chromedp.WaitVisible(css(`form.order`)))
	if s := b.text("#open-note"); !strings.HasPrefix(s, "Open now") {
		t.Fatalf("the page says %q", s)
	}
	if n := b.count(`#hours tr`); n != 7 {
		t.Fatalf("the hours list %d days", n)
	}
	if !b.hidden("#cart-bar") {
		t.Fatal("the order bar shows with nothing chosen")
	}
	// Two catfish at $14.50 with 10.25% tax: $29.00 + $2.97.
	b.run(chromedp.SetValue(css(`select[name^="qty."]`), "2"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('select[name^="qty."]').dispatchEvent(new Event('change', {bubbles: true}))`))
	if sub, tax, total := b.text("#cart-subtotal"), b.text("#cart-tax"), b.text("#cart-total"); sub != "$29.00" || tax != "$2.97" || total != "$31.97" {
		t.Fatalf("cart: %s + %s = %s", sub, tax, total)
	}
	if b.hidden("#cart-bar") || !strings.Contains(b.text("#cart-bar"), "2 items · $31.97") {
		t.Fatalf("the order bar: %q", b.text("#cart-bar"))
	}
	// The bar sits on the bottom of the phone's screen while the menu is in view.
	if !b.truth(`(() => { const r = document.getElementById('cart-bar').getBoundingClientRect(); return r.bottom <= innerHeight && r.bottom > innerHeight - 80; })()`) {
		t.Fatal("the order bar is not at the bottom of the screen")
	}
	if !b.truth(`document.querySelector('#pickup option').textContent.startsWith('As soon as possible (about 20 min)')`) {
		t.Fatal("the first pickup choice is not ASAP")
	}
	b.run(chromedp.ScrollIntoView(css(`.dish-note summary`)), chromedp.Evaluate[chromedp.Void](`scrollBy(0, 200)`),
		chromedp.Click(css(`.dish-note summary`)), chromedp.SendKeys(css(`input[name^="note."]`), "extra crispy"),
		chromedp.SendKeys(css(`input[name="phone"]`), "(312) 555-0142"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('pickup').selectedIndex = 2`))
	check.Require(t, b.ctx, "the restaurant page with a cart")
	shot(t, b, "food-restaurant-phone")

	b.run(chromedp.ScrollIntoView(css(`#place`)), chromedp.Evaluate[chromedp.Void](`document.getElementById('place').click()`))
	b.run(chromedp.WaitVisible(css(`#tracker`)))
	if s := b.text("main"); !strings.Contains(s, "Thank you") || !strings.Contains(s, "Note: extra crispy") ||
		!strings.Contains(s, "$31.97") || !strings.Contains(s, "The kitchen has your order") {
		t.Fatalf("the order page: %q", s)
	}
	where := b.location()
	if !strings.Contains(where, "/me/orders/") {
		t.Fatalf("after ordering the browser is at %s", where)
	}
	check.Require(t, b.ctx, "the order page")
	orderID := strings.TrimPrefix(strings.SplitN(where, "?", 2)[0], p.portal+"/me/orders/")

	// The kitchen accepts with a quote, cooks, and calls it ready; the tracker follows.
	b.run(chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	apiCall(t, p.portal, chef, "PATCH", "/api/restaurants/orders/"+orderID, map[string]any{"status": "CONFIRMED", "prepMinutes": 25})
	b.waitText("#tracker", "ready by")
	apiCall(t, p.portal, chef, "PATCH", "/api/restaurants/orders/"+orderID, map[string]any{"status": "PREPARING"})
	b.waitText("#tracker h2", "Being prepared")
	apiCall(t, p.portal, chef, "PATCH", "/api/restaurants/orders/"+orderID, map[string]any{"status": "READY_FOR_PICKUP"})
	b.waitText("#tracker h2", "Ready for pickup!")
	if !b.truth(`window.notReloaded === true`) {
		t.Fatal("the page reloaded to follow the order")
	}
	shot(t, b, "food-order-ready-phone")

	// A refresh shows the order again; nothing is ordered twice.
	b.run(chromedp.Reload(), chromedp.WaitVisible(css(`#tracker`)))
	mine := apiCall(t, p.portal, p.buyer, "GET", "/api/restaurants/me/orders", nil)
	if items, _ := mine["items"].([]any); len(items) != 1 {
		t.Fatalf("%d orders after a refresh", len(items))
	}
	// Under My SteppersLife too.
	b.run(chromedp.Navigate(p.portal+"/me/orders"), chromedp.WaitVisible(css(`#track-`+orderID)))
	if s := b.text(`#track-` + orderID); !strings.Contains(s, "Ready for pickup!") {
		t.Fatalf("your orders: %q", s)
	}
	check.Require(t, b.ctx, "your food orders")
}

// count is how many elements sel matches.
func (b tab) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

// hidden reports whether sel is not drawn.
func (b tab) hidden(sel string) bool {
	return b.truth(`(() => { const e = document.querySelector(` + jsString(sel) + `); return !e || e.getClientRects().length === 0; })()`)
}

// truth is the boolean value of a script.
func (b tab) truth(js string) bool {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

// waitText waits, without reloading, until sel shows want; a poll cut short by the
// page navigating (a form's answer arriving: the old page's context goes away)
// starts again on the new page.
func (b tab) waitText(sel, want string) {
	b.t.Helper()
	poll := chromedp.Poll[chromedp.Void](`((document.querySelector(`+jsString(sel)+`) || {}).textContent || '').includes(`+jsString(want)+`)`,
		chromedp.WithPollingTimeout(stepTimeout))
	for try := 1; ; try++ {
		_, err := chromedp.Run(b.ctx, poll)
		if err == nil {
			return
		}
		if try == 5 {
			b.t.Fatalf("%s never showed %q: %v", sel, want, err)
		}
	}
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

// shot keeps a screenshot in $SCREENSHOTS, when set, for people to look at.
func shot(t *testing.T, b tab, name string) {
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
