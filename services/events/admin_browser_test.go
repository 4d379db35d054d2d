package events_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/events/eventstest"
)

// TestBrowserAdminRefundsAnOwedOrder: an event is cancelled while Stripe refuses
// refunds; once Stripe is back an admin opens the events admin page in Chromium,
// follows the waiting refund and makes it, and the trail shows it.
func TestBrowserAdminRefundsAnOwedOrder(t *testing.T) {
	browsertest.Require(t)
	stripeURL, down := flakyStripe(t)
	s := eventstest.Start(t, eventstest.Options{Env: map[string]string{
		"STRIPE_SECRET_KEY":     paymentstest.TestSecretKey,
		"STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE":       stripeURL,
	}})
	eventID, tierID := s.PublishedEvent("Rained Out Ball", 3000, 5)
	onboard(t, s)
	var card eventstest.Order
	s.Buy(buyer, eventID, tierID, 1, "card").JSON(t, &card)
	if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.completed",
		paymentstest.CheckoutSession("cs_rain", card.ID, "pi_rain", 3000, nil)); res.Status != 200 {
		t.Fatalf("paid: %d %s", res.Status, res.Body)
	}
	down.Store(true)
	s.Must(200, "POST", "/api/events/"+eventID+"/cancel", org, nil)
	down.Store(false)

	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
	run := func(name string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			t.Fatalf("step %q: %v", name, err)
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
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: hosttest.Token(admin), URL: s.URL, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	order := `a[href="/admin/orders/` + card.ID + `"]`
	run("open the admin page", chromedp.Navigate(s.URL+"/admin"), chromedp.WaitVisible(order))
	screenshots(t, ctx, "events-admin")
	run("follow the refund owed", chromedp.Click(order), chromedp.WaitVisible("#refund-form"))
	if got := text("main"); !strings.Contains(got, "Bea Buyer") || !strings.Contains(got, "Rained Out Ball is cancelled") {
		t.Fatalf("order page: %q", got)
	}
	screenshots(t, ctx, "events-admin-order")
	run("refund it", chromedp.SendKeys("#refund-reason", "Event rained out"), chromedp.Click("#refund-submit"),
		chromedp.WaitNotPresent("#refund-form"), chromedp.WaitVisible(".flash"))
	if got := text("main"); !strings.Contains(got, "Refunded: $30.00 to Bea Buyer") || !strings.Contains(got, "by ada@example.com") ||
		!strings.Contains(got, "Event rained out") {
		t.Fatalf("after the refund: %q", got)
	}
}

// screenshots saves the page at a phone's and a laptop's width into the folder
// STEPPERSLIFE_SCREENSHOTS names, for people to look at; without it, nothing.
func screenshots(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("STEPPERSLIFE_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844)); err != nil {
			t.Fatal(err)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 844)); err != nil {
		t.Fatal(err)
	}
}
