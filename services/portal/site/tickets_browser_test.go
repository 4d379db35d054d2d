package site

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/internal/kit/proctest"
)

// TestBrowserBuyingTicketsOnAPhone buys paid tickets on the portal's event page at
// phone width, against the real events process on stripe-mock. While the organizer
// cannot take cards, the page offers cash at the door only; the running total
// follows the quantity and a discount code; the confirmation says what to bring and
// shows the QR codes, and reloading it buys nothing more. Once the organizer can
// charge, card is offered and chosen, and buying sends the buyer to Stripe.
func TestBrowserBuyingTicketsOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	ports := proctest.FreePorts(t, 2)
	portalURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	events := proctest.StartWith(t, "events", ports[1], map[string]string{"NEXTAUTH_URL": portalURL,
		"STRIPE_SECRET_KEY": paymentstest.TestSecretKey, "STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE": paymentstest.StripeMock(t)})
	portal := proctest.StartPortal(t, ports[0], map[string]string{"events": events.URL})
	p := &platform{portal: portal.URL, events: events.URL, portalProc: portal}
	buyer := p.account(t, "bea@example.com")
	org := p.account(t, "org@example.com", auth.RoleEventOrganizer)

	starts := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	ev := apiCall(t, p.portal, org, "POST", "/api/events/events", map[string]any{
		"title": "Winter White Ball", "description": "Dress in white.", "category": "BALL",
		"venue": "The Grand Ballroom", "address": "6351 S Cottage Grove Ave, Chicago", "startsAt": starts, "endsAt": starts.Add(5 * time.Hour)})
	id, slug := ev["id"].(string), ev["slug"].(string)
	apiCall(t, p.portal, org, "POST", "/api/events/events/"+id+"/tiers", map[string]any{"name": "General", "priceCents": 2500, "capacity": 50})
	apiCall(t, p.portal, org, "POST", "/api/events/events/"+id+"/discounts", map[string]any{"code": "STEP10", "kind": "PERCENT", "amount": 10})
	apiCall(t, p.portal, org, "POST", "/api/events/events/"+id+"/publish", map[string]any{})

	b := newBrowser(t, chromedp.WindowSize(390, 844))
	httpOnly := true
	if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: buyer, URL: p.portal + "/", HTTPOnly: &httpOnly}); err != nil {
		t.Fatal(err)
	}
	page := p.portal + "/events/" + slug

	// Card off: cash at the door only, and chosen.
	b.run(chromedp.Navigate(page), chromedp.WaitVisible(css(`form.buy`)))
	if n := b.count(`input[name="payment"][value="card"]`); n != 0 {
		t.Fatal("card is offered while the organizer cannot take cards")
	}
	if on := b.value(`document.querySelector('input[name="payment"][value="cash"]').checked`); on != "true" {
		t.Fatal("cash at the door is not chosen")
	}
	// The sticky bar shows while the form's button is out of sight.
	b.run(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	b.waitEval(`!document.getElementById("buybar").hidden`, "true")
	shotPortal(t, b.ctx, "event-cash-only")

	// The running total: two tickets, then the code.
	b.run(chromedp.SetValue(css(`form.buy select`), "2"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form.buy select').dispatchEvent(new Event("change"))`))
	b.waitEval(`document.querySelector("#total-sum").textContent.trim()`, "$50.00")
	b.waitEval(`document.querySelector("#buybar-link").textContent.trim()`, "Get tickets · $50.00")
	b.run(chromedp.SendKeys(css(`#code`), "step10"))
	b.waitEval(`document.querySelector("#total-sum").textContent.trim()`, "$45.00")
	b.waitEval(`document.querySelector("#total-discount").textContent.trim()`, "−$5.00")
	shotPortal(t, b.ctx, "event-total")
	auditPage(t, b.ctx, "the event page")
	b.run(chromedp.EmulateViewport(1280, 900))
	shotPortal(t, b.ctx, "event-total-desktop")
	b.run(chromedp.EmulateViewport(390, 844))

	b.run(chromedp.Click(css(`#buy-button`)), chromedp.WaitVisible(css(`.confirm-head`)))
	confirmation := b.location()
	if !strings.HasPrefix(confirmation, page+"/orders/") {
		t.Fatalf("after buying: %s", confirmation)
	}
	head := b.text(`.confirm-head`)
	for _, want := range []string{"Reserved: pay at the door", "Bring $45.00 in cash", "Not paid yet", "bea@example.com"} {
		if !strings.Contains(head, want) {
			t.Fatalf("the confirmation lacks %q: %q", want, head)
		}
	}
	if b.count(`.confirm-head.paid`) != 0 {
		t.Fatal("a reservation waiting for cash is shown as paid")
	}
	b.waitEval(`[...document.querySelectorAll('.qrs img')].filter(i => i.complete && i.naturalWidth > 0).length`, "2")
	if href := b.attr(`a[href$="calendar.ics"]`, "href"); href == "" {
		t.Fatal("no calendar link")
	}
	shotPortal(t, b.ctx, "confirm-cash")
	auditPage(t, b.ctx, "the confirmation")
	b.run(chromedp.EmulateViewport(1280, 900))
	shotPortal(t, b.ctx, "confirm-cash-desktop")
	b.run(chromedp.EmulateViewport(390, 844))

	// A reload reads the order again; it buys nothing.
	b.run(chromedp.Reload(), chromedp.WaitVisible(css(`.confirm-head`)))
	if n := len(apiList(t, p.portal, buyer, "/api/events/me/tickets")); n != 2 {
		t.Fatalf("%d tickets after a reload, want 2", n)
	}

	// A refusal is brought into view and focused, for the phone's screen reader too.
	b.run(chromedp.Navigate(page), chromedp.WaitVisible(css(`form.buy`)), chromedp.Click(css(`#buy-button`)),
		chromedp.WaitVisible(css(`#buy-error`)))
	b.waitEval(`document.activeElement.id`, "buy-error")
	shotPortal(t, b.ctx, "event-error")

	// Card on: the organizer's Stripe account can charge now.
	apiCall(t, p.portal, org, "POST", "/api/events/payments/connect", map[string]any{})
	accountReady(t, events)
	b.run(chromedp.Navigate(page), chromedp.WaitVisible(css(`form.buy`)))
	if on := b.value(`document.querySelector('input[name="payment"][value="card"]').checked`); on != "true" {
		t.Fatal("card is not chosen once the event takes cards")
	}
	shotPortal(t, b.ctx, "event-card")
	b.run(chromedp.SetValue(css(`form.buy select`), "1"), chromedp.Click(css(`#buy-button`)))
	deadline := time.Now().Add(30 * time.Second)
	for loc := b.location(); !strings.Contains(loc, "stripe") && !strings.HasPrefix(loc, "chrome-error"); loc = b.location() {
		if time.Now().After(deadline) {
			t.Fatalf("a card purchase stayed at %s", loc)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// accountReady tells the events process, as Stripe would, that the organizer's
// account can take charges.
func accountReady(t *testing.T, events *proctest.Proc) {
	t.Helper()
	d, err := db.Open(context.Background(), "", filepath.Join(events.DataDir, "events", "events.db"))
	if err != nil {
		t.Fatal(err)
	}
	var account string
	err = d.QueryRow(`SELECT stripe_account_id FROM organizers WHERE stripe_account_id <> ''`).Scan(&account)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	body, sig := paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, "evt_ready_"+account, "account.updated",
		map[string]any{"object": "account", "id": account, "charges_enabled": true, "details_submitted": true})
	req, _ := http.NewRequest("POST", events.URL+"/api/webhooks/stripe", strings.NewReader(string(body)))
	req.Header.Set("Stripe-Signature", sig)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("account.updated: %d", resp.StatusCode)
	}
}

func apiList(t *testing.T, base, token, path string) []any {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Items []any `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Items
}

func (b tab) value(js string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](js))
	if err != nil {
		b.t.Fatal(err)
	}
	return fmt.Sprint(v)
}

// waitEval waits until js gives want.
func (b tab) waitEval(js, want string) {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := b.value(js)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s is %s, not %s", js, got, want)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// shotPortal saves a screenshot when SHOTS names a folder, to look at.
func shotPortal(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// auditPage fails the test on a serious or critical axe finding.
func auditPage(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	vs, err := browsertest.Audit(ctx, browsertest.Axe(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Severe() {
			t.Errorf("%s: %s", where, v)
		}
	}
}
