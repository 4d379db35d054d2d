package restaurants_test

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

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/testenv"
	"stepperslife/services/restaurants/resttest"
)

// TestBrowserKitchenBoardRings runs the full-screen kitchen board on a phone-sized
// screen: a new order rings (a count in the tab's title, a banner, beeps) until it is
// accepted with a prep-time quote the customer then sees; the ticket shows the
// customer's phone and notes; cancelling asks for a reason and says the order's
// number; pausing online orders and marking a dish sold out are one tap each and
// refuse the customer's next order. The ready e-mail goes out through the outbox.
func TestBrowserKitchenBoardRings(t *testing.T) {
	browsertest.Require(t)
	host, port, mailAPI := testenv.Mailpit(t)
	o := resttest.Options{Env: map[string]string{"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(port)}}
	e := resttest.Start(t, o)
	s := newShop(t, e)
	ctx, cancel := context.WithTimeout(browsertest.Start(t, chromedp.WindowSize(390, 844)), 4*time.Minute)
	t.Cleanup(cancel)
	b := &browser{t: t, ctx: ctx}
	if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{
		Name: auth.AccessCookie, Value: hosttest.Token(&resttest.Owner), URL: e.URL}); err != nil {
		t.Fatal(err)
	}
	check := browsertest.NewChecker(t, restaurantsapi.Words)
	click := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`document.querySelector(` + strconv.Quote(sel) + `).click()`)
	}

	b.step("open the kitchen board", chromedp.Navigate(e.URL+"/dashboard/"+s.ID+"/kitchen"), chromedp.WaitVisible(chromedp.CSS(`#board-body`)))
	b.poll(`document.getElementById('live-state').textContent === 'live'`)
	if b.eval(`document.querySelector('header.top') !== null`) {
		t.Fatal("the kitchen board carries the site's header")
	}
	base := "Kitchen · Wing Stop 79"
	if !b.eval(`document.title === ` + strconv.Quote(base)) {
		t.Fatal("the title counts orders with none waiting")
	}
	b.step("turn on sound and alerts", chromedp.Click(chromedp.CSS(`#alerts-enable`)))

	// A new order rings until someone accepts it.
	req := s.order("pay_at_pickup", s.Wings, 2)
	req["phone"] = "(773) 555-0199"
	req["items"].([]map[string]any)[0]["notes"] = "extra hot"
	ord := e.Must(201, "POST", "/api/orders", &resttest.Customer, req).Map(t)
	id, number := ord["id"].(string), ord["orderNumber"].(string)
	b.poll(`document.title === "(1) New order · ` + base + `"`)
	b.poll(`!document.getElementById('ringer').hidden && document.getElementById('ringer-text').textContent.includes(` + strconv.Quote(number) + `)`)
	b.poll(`window.kitchenRings >= 2`) // at once, and again until accepted
	ticket := `[data-order="` + id + `"]`
	if !b.eval(`(document.querySelector('`+ticket+` a.phone[href^="tel:"]') || {}).textContent === '(773) 555-0199'`) ||
		!strings.Contains(b.text(ticket+" .lines"), "extra hot") {
		html, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('`+ticket+`').outerHTML`))
		t.Fatalf("the ticket does not show the customer's phone and the note: %s", html)
	}
	check.Require(t, b.ctx, "the kitchen board ringing")
	screenshot(t, b, "kitchen-ringing-phone")

	b.step("accept with a 15 minute quote", click(ticket+` button[name="prep"][value="15"]`),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if f := b.text(".flash"); !strings.Contains(f, number+": Confirmed, ready by") {
		t.Fatalf("after accepting: %q", f)
	}
	b.poll(`document.title === ` + strconv.Quote(base))
	got := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)
	ready, _ := time.Parse(time.RFC3339, got["readyAt"].(string))
	if got["status"] != "CONFIRMED" || time.Until(ready) < 13*time.Minute || time.Until(ready) > 16*time.Minute {
		t.Fatalf("after accepting: %v ready at %v", got["status"], got["readyAt"])
	}

	// Cancelling asks why, and the customer reads it.
	ord2 := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Fries, 1)).Map(t)
	id2, number2 := ord2["id"].(string), ord2["orderNumber"].(string)
	b.poll(`document.title.startsWith("(1) New order")`)
	t2 := `[data-order="` + id2 + `"]`
	b.step("cancel without a reason", click(t2+` details.cancel summary`), click(t2+` button[data-cancel]`))
	if !b.eval(`!document.querySelector('` + t2 + ` form.stack').checkValidity()`) {
		t.Fatal("cancelling without a reason is allowed")
	}
	if !strings.Contains(b.text(t2+" button[data-cancel]"), "Yes, cancel "+number2) {
		t.Fatal("the cancel button does not name the order")
	}
	b.step("cancel with a reason", chromedp.SetValue(chromedp.CSS(t2+` select[name="reason"]`), "Kitchen is closing"),
		click(t2+` button[data-cancel]`), chromedp.WaitNotPresent(chromedp.CSS(t2))) // the last page's flash is still up: the board without the order is the answer
	if got := e.Must(200, "GET", "/api/orders/"+id2, &resttest.Customer, nil).Map(t); got["status"] != "CANCELLED" || got["cancelReason"] != "Kitchen is closing" {
		t.Fatalf("cancelled order: %v %v", got["status"], got["cancelReason"])
	}

	// Pause online ordering, in one tap; the customer's order is refused.
	b.step("pause", click(`#pause`), chromedp.WaitVisible(chromedp.CSS(`#paused-note`)))
	r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Fries, 1))
	if r.Status != 409 || !strings.Contains(string(r.Body), "paused") {
		t.Fatalf("an order while paused: %d %s", r.Status, r.Body)
	}
	screenshot(t, b, "kitchen-paused-phone")
	b.step("resume", click(`#pause`), chromedp.WaitNotPresent(chromedp.CSS(`#paused-note`)))
	if b.eval(`document.getElementById('paused-note') !== null`) {
		t.Fatal("still paused")
	}

	// Sold out in one tap.
	b.step("sold out", click(`button[data-dish="`+s.Wings+`"]`), chromedp.WaitReady(chromedp.CSS(`li.out button[data-dish="`+s.Wings+`"]`)))
	if r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 1)); r.Status != 409 || !strings.Contains(string(r.Body), "ITEM_UNAVAILABLE") {
		t.Fatalf("ordering a sold-out dish: %d %s", r.Status, r.Body)
	}

	// Forward to ready: the customer is e-mailed.
	for _, next := range []string{"PREPARING", "READY_FOR_PICKUP"} {
		b.step("move to "+next, click(ticket+` button.advance[data-next="`+next+`"]`),
			chromedp.WaitVisible(chromedp.CSS(`[data-status="`+next+`"] `+ticket)))
	}
	if to := waitForMail(t, mailAPI, number+" is ready"); to != resttest.Customer.Email {
		t.Fatalf("ready e-mail to %q", to)
	}
	check.Require(t, b.ctx, "the kitchen board after service")
}

// screenshot keeps a PNG of the page in $SCREENSHOTS, when set, for people to look at.
func screenshot(t *testing.T, b *browser, name string) {
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
