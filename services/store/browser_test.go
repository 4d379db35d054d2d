package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/store/storetest"
)

// TestBrowserBuyerPicksASizeAndCollects drives a real Chromium on a phone-sized
// screen: a buyer opens a demo product, cannot choose its sold-out size, picks
// another for pickup at the Sunday set, pays at pickup, and sees the order with its
// pickup QR code. With STORE_SCREENSHOTS set to a folder, each page is kept there
// at 390 and 1280 pixels wide.
func TestBrowserBuyerPicksASizeAndCollects(t *testing.T) {
	browsertest.Require(t)
	s := storetest.Start(t, storetest.Options{Demo: true})
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			text, _ := chromedp.Run(ctx, chromedp.Text("body"))
			t.Fatalf("%v\n%s", err, text)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shots := os.Getenv("STORE_SCREENSHOTS")
	shoot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		for _, w := range []int64{1280, 390} {
			run(chromedp.EmulateViewport(w, 844))
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, name+"-"+strconv.FormatInt(w, 10)+".png"), png, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: hosttest.Token(buyer), URL: s.URL, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+"/?q=suede"), chromedp.WaitVisible(`.products`))
	shoot("home")
	run(chromedp.Click(`.products a[href="/products/classic-suede-steppers"]`), chromedp.WaitVisible(`form.buy`))
	shoot("product")
	// Size 11 in medium is sold out in the demo: shown, not selectable.
	disabled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const ls = [...document.querySelectorAll('label.variant')].filter(l => l.textContent.includes('11 / Medium')); return ls.length === 1 && ls[0].querySelector('input').disabled })()`))
	if err != nil || !disabled {
		t.Fatalf("the sold-out size can be chosen: %v", err)
	}
	run(chromedp.Click(`label.variant:not(.soldout) input`),
		chromedp.Click(`input[name=way][value="pickup:pp_mansion"]`),
		chromedp.Click(`input[name=paymentMethod][value=pay_at_pickup]`),
		chromedp.Click(`form.buy button[type=submit]`),
		chromedp.WaitVisible(`section.pickup`))
	if got := text(`main`); !strings.Contains(got, "Being prepared") || !strings.Contains(got, "Sunday set at the Mansion") ||
		!strings.Contains(got, "Pickup code") {
		t.Fatalf("order page:\n%s", got)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const img = document.querySelector('img.qr'); return img.decode().then(() => img.naturalWidth > 0) })()`, chromedp.EvalAwaitPromise))
	if err != nil || !loaded {
		t.Fatalf("the pickup QR code did not load: %v", err)
	}
	shoot("order")
}
