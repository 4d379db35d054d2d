package restaurants_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/restaurants/resttest"
)

// browser is one headless Chromium for a test, with small helpers that fail it.
type browser struct {
	t   *testing.T
	ctx context.Context
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	browsertest.Require(t)
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	t.Cleanup(cancel)
	return &browser{t: t, ctx: ctx}
}

// stepTimeout bounds one step, so a hang names the step that hung.
const stepTimeout = 60 * time.Second

func (b *browser) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.step("", steps...)
}

// step runs actions as one named step of the journey.
func (b *browser) step(name string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("step %q: %v", name, err)
	}
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Text(sel))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

func (b *browser) eval(expr string) bool {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

// poll waits until expr is true in the page.
func (b *browser) poll(expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		b.t.Fatalf("waiting for %s: %v", expr, err)
	}
}

// dishPhoto writes a camera-sized JPEG to upload.
func dishPhoto(t *testing.T) string {
	t.Helper()
	pic := filepath.Join(t.TempDir(), "catfish.jpg")
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for y := 0; y < 1200; y++ {
		for x := 0; x < 1600; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x / 7), uint8(y / 5), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pic, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return pic
}

// ownerRunsTheDashboard is the owner's session, once signed in: open the dashboard,
// add a dish with a photo, see a customer's order arrive without a reload, and move it
// to READY_FOR_PICKUP with one tap per step. place places the customer's order.
func ownerRunsTheDashboard(t *testing.T, b *browser, e *resttest.Env, s shop, place func() map[string]any) string {
	t.Helper()
	b.step("open the dashboard", chromedp.Navigate(e.URL+"/dashboard"),
		chromedp.Click(`a[href="/dashboard/`+s.ID+`"]`),
		chromedp.WaitVisible("#add-item"))

	b.step("add a dish", chromedp.SendKeys("#item-name", "Fried Catfish"),
		chromedp.SendKeys("#item-category", "Fish"),
		chromedp.SendKeys("#item-price", "15.95"),
		chromedp.SetUploadFiles("#item-image", []string{dishPhoto(t)}),
		chromedp.Click("#item-submit"),
		chromedp.WaitVisible(`.flash`))
	if flash := b.text(".flash"); !strings.Contains(flash, "Fried Catfish is on the menu") {
		t.Fatalf("after adding: %q", flash)
	}
	// The photo was resized once at upload and is served by this service.
	b.poll(`[...document.querySelectorAll('.dish img')].some(i => i.alt === 'Fried Catfish' && i.src.includes('/images/menu/') && i.complete && i.naturalWidth === 1200)`)

	// The board is live; the customer's order appears without a reload.
	b.poll(`document.getElementById('live-state').textContent === 'live'`)
	b.run(chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	ord := place()
	id, number := ord["id"].(string), ord["orderNumber"].(string)
	ticket := `[data-status="PENDING"] [data-order="` + id + `"]`
	b.step("see the order arrive", chromedp.WaitVisible(ticket))
	if !b.eval(`window.notReloaded === true`) {
		t.Fatal("the page reloaded to show the order")
	}
	if got := b.text(ticket + " .order-number"); got != number {
		t.Fatalf("ticket shows %q, want %q", got, number)
	}
	// The board its script swapped in reads as words and passes the audit too.
	browsertest.NewChecker(t, restaurantsapi.Words).Require(t, b.ctx, "the board with the live order")

	for _, next := range []string{"CONFIRMED", "PREPARING", "READY_FOR_PICKUP"} {
		b.step("move to "+next, chromedp.Click(`[data-order="`+id+`"] button.advance[data-next="`+next+`"]`),
			chromedp.WaitVisible(`[data-status="`+next+`"] [data-order="`+id+`"]`))
	}
	return id
}

// TestBrowserOwnerDashboard signs the owner in with a test token in the session
// cookie; the kit's CSRF check and app.js still guard every form.
func TestBrowserOwnerDashboard(t *testing.T) {
	b := newBrowser(t)
	e := resttest.Start(t, resttest.Options{})
	s := newShop(t, e)
	if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{
		Name: auth.AccessCookie, Value: hosttest.Token(&resttest.Owner), URL: e.URL}); err != nil {
		t.Fatal(err)
	}
	id := ownerRunsTheDashboard(t, b, e, s, func() map[string]any {
		return e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 2)).Map(t)
	})
	if got := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)["status"]; got != "READY_FOR_PICKUP" {
		t.Fatalf("order status %v", got)
	}
}
