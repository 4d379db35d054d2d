package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/internal/kit/proctest"
)

// storePlatform is the real portal process in front of the real store process,
// which takes cards through a real stripe-mock.
type storePlatform struct {
	portal, store, stripe string
	portalProc, storeProc *proctest.Proc
}

func startStorePlatform(t *testing.T) *storePlatform {
	t.Helper()
	ports := proctest.FreePorts(t, 2)
	portalURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	stripe := paymentstest.StripeMock(t)
	store := proctest.StartWith(t, "store", ports[1], map[string]string{"NEXTAUTH_URL": portalURL,
		"STRIPE_SECRET_KEY": paymentstest.TestSecretKey, "STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE": stripe})
	portal := proctest.StartPortal(t, ports[0], map[string]string{"store": store.URL})
	return &storePlatform{portal: portal.URL, store: store.URL, stripe: stripe, portalProc: portal, storeProc: store}
}

// stripeEvent delivers a Stripe event, signed with the store's webhook secret,
// straight to the store as Stripe would.
func (p *storePlatform) stripeEvent(t *testing.T, kind string, object map[string]any) {
	t.Helper()
	body, sig := paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, paymentstest.NewEventID(), kind, object)
	req, _ := http.NewRequest("POST", p.store+"/api/webhooks/stripe", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if raw, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 {
		t.Fatalf("%s webhook: %d %s", kind, resp.StatusCode, raw)
	}
}

// stripeAccount is the Stripe account the store opened for vendorID (stripe-mock
// names each one afresh), read from the store's own database, so the test can say
// as Stripe that the account may now take charges.
func (p *storePlatform) stripeAccount(t *testing.T, vendorID string) string {
	t.Helper()
	d, err := db.OpenSQLite(context.Background(), filepath.Join(p.storeProc.DataDir, "store", "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var account string
	if err := d.QueryRow(`SELECT stripe_account_id FROM vendors WHERE id = $1`, vendorID).Scan(&account); err != nil || account == "" {
		t.Fatalf("the store opened no Stripe account for %s (%v)", vendorID, err)
	}
	return account
}

// TestBrowserStoreJourney is the store's whole round in a real Chromium against the
// real portal and store processes: a vendor adds a product in sizes with a photo on
// the store's dashboard; a customer, on stepperslife.com's pages only, buys one size
// of it to be shipped (by card, paid through a verified Stripe webhook) and a size
// of another vendor's tee to pick up at a dance night (paid there); the vendor ships
// the first and hands over the second on the buyer's pickup code; the customer sees
// both, shipped with tracking and picked up, under My SteppersLife.
func TestBrowserStoreJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	p := startStorePlatform(t)
	pl := &platform{portal: p.portal, portalProc: p.portalProc}
	owner := pl.account(t, "vera@example.com", auth.RoleStoreOwner)
	admin := pl.admin(t, "admin@example.com")
	buyerToken := pl.account(t, "bea@example.com")

	// Two shops of one owner: shoes (takes cards, ships) and tees (pickup at a
	// dance night, pay there).
	night := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Hour)
	shoes := apiCall(t, p.portal, owner, "POST", "/api/store/vendors", map[string]any{"name": "Smooth Steps",
		"description": "Suede-sole shoes for the floor.", "shippingRateCents": 800, "pickupEnabled": false})
	tees := apiCall(t, p.portal, owner, "POST", "/api/store/vendors", map[string]any{"name": "Set Wear",
		"description": "Tees for the set.", "shippingRateCents": 500, "pickupEnabled": true,
		"pickupPoints": []map[string]any{{"label": "Friday set at the Grand", "address": "6351 S Cottage Grove Ave, Chicago",
			"startsAt": night, "endsAt": night.Add(4 * time.Hour)}}})
	shoesID, teesID := shoes["id"].(string), tees["id"].(string)
	for _, id := range []string{shoesID, teesID} {
		apiCall(t, p.portal, admin, "POST", "/api/store/admin/vendors/"+id+"/approve", map[string]any{})
	}
	apiCall(t, p.portal, owner, "POST", "/api/store/vendors/"+shoesID+"/payments/connect", map[string]any{})
	p.stripeEvent(t, "account.updated", map[string]any{"object": "account", "id": p.stripeAccount(t, shoesID),
		"charges_enabled": true, "details_submitted": true})
	tee := apiCall(t, p.portal, owner, "POST", "/api/store/vendors/"+teesID+"/products", map[string]any{
		"name": "Set Wear Tee", "description": "Soft cotton.", "category": "APPAREL", "status": "ACTIVE",
		"options": []map[string]any{{"name": "Size", "values": []string{"S", "M", "L"}}},
		"sku":     "TEE", "priceCents": 2500, "stock": 4})

	vendor := newBrowser(t)
	check := browsertest.NewChecker(t, storeapi.Words)
	shots := os.Getenv("STORE_SCREENSHOTS")
	// look checks the page a tab shows (axe, raw machine values) at a phone's and a
	// desktop's width, and keeps screenshots of both when asked.
	look := func(b tab, name string) {
		t.Helper()
		for _, width := range []int64{390, 1280} {
			b.run(chromedp.EmulateViewport(width, 844))
			check.Require(t, b.ctx, name+fmt.Sprintf(" (%d px)", width))
			if shots != "" {
				png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
				if err == nil {
					err = os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.png", strings.ReplaceAll(name, " ", "-"), width)), png, 0o600)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		b.run(chromedp.EmulateViewport(390, 844))
	}
	httpOnly := true
	signInAs := func(b tab, token string) {
		t.Helper()
		if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
			Value: token, URL: p.portal + "/", HTTPOnly: &httpOnly}); err != nil {
			t.Fatal(err)
		}
	}
	signInAs(vendor, owner)

	// The vendor adds a product in three sizes with a photo, on the store's dashboard.
	picture := filepath.Join(t.TempDir(), "steppers.png")
	if err := os.WriteFile(picture, testPhoto(t, 640, 640), 0o600); err != nil {
		t.Fatal(err)
	}
	vendor.run(chromedp.Navigate(p.store+"/dashboard/vendors/"+shoesID), chromedp.WaitVisible(css(`#new-product`)),
		chromedp.SendKeys(css(`#new-product input[name=name]`), "Patent Steppers"),
		chromedp.SetValue(css(`#new-product select[name=category]`), "SHOES"),
		chromedp.SendKeys(css(`#new-product input[name=sizes]`), "9, 10, 11"),
		chromedp.SendKeys(css(`#new-product input[name=price]`), "120.00"),
		chromedp.SetValue(css(`#new-product input[name=stock]`), "3"),
		chromedp.SendKeys(css(`#new-product input[name=sku]`), "PAT"),
		chromedp.SetUploadFiles(css(`#new-product input[name=photo]`), []string{picture}),
		chromedp.Click(css(`#new-product button[type=submit]`)),
		chromedp.WaitVisible(css(`details[data-product="Patent Steppers"]`)))
	var steppers storeapi.Product
	getAPI(t, p.portal, "", "/api/store/products/patent-steppers", &steppers)
	if len(steppers.Variants) != 3 || len(steppers.Images) != 1 {
		t.Fatalf("the dashboard's product: %+v", steppers)
	}
	// Size 11 sells out at the shop's counter.
	apiCall(t, p.portal, owner, "PATCH", "/api/store/variants/"+steppers.Variants[2].ID, map[string]any{"stock": 0})

	// The customer, on their own phone, finds the shoes in the portal's store.
	buyer := vendor.incognito()
	signInAs(buyer, buyerToken)
	buyer.run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(p.portal+"/store"))
	buyer.until(`main`, "Patent Steppers")
	buyer.run(chromedp.Click(css(`a[href="/store/products/patent-steppers"]`)), chromedp.WaitVisible(css(`form.add`)))
	if where := buyer.location(); where != p.portal+"/store/products/patent-steppers" {
		t.Fatalf("the store card led to %s", where)
	}
	if n, err := chromedp.Run(buyer.ctx, chromedp.Evaluate[int](`document.querySelectorAll('form.add input[name=variant]:disabled').length`)); err != nil || n != 1 {
		t.Fatalf("sold-out sizes that cannot be chosen: %d (%v)", n, err)
	}
	if s := buyer.text(`label[data-variant="11"]`); !strings.Contains(s, "Sold out") {
		t.Fatalf("size 11 shows %q", s)
	}
	look(buyer, "portal product")
	buyer.run(chromedp.Click(css(`input[name=variant][value="`+steppers.Variants[1].ID+`"]`)),
		chromedp.Click(css(`form.add button[type=submit]`)), chromedp.WaitVisible(css(`form.checkout`)))

	look(buyer, "portal cart")

	// Shipped, by card: the portal sends the buyer to Stripe's payment page, and
	// Stripe's verified webhook marks the order paid.
	buyer.run(chromedp.SendKeys(css(`form.checkout input[name=line1]`), "1 Main St"),
		chromedp.SendKeys(css(`form.checkout input[name=city]`), "Chicago"),
		chromedp.SendKeys(css(`form.checkout input[name=state]`), "IL"),
		chromedp.SendKeys(css(`form.checkout input[name=postalCode]`), "60619"),
		chromedp.Click(css(`form.checkout button[type=submit]`)))
	// The order is stored a moment before its Stripe payment page is opened.
	shipped := waitOrder(t, p.portal, buyerToken, func(o storeapi.Order) bool { return o.Fulfillment == "ship" && o.CheckoutURL != "" })
	if shipped.CheckoutURL == "" || shipped.PaymentStatus != "PENDING" || shipped.Lines[0].VariantLabel != "10" {
		t.Fatalf("the card order: %+v", shipped)
	}
	p.stripeEvent(t, "checkout.session.completed",
		paymentstest.CheckoutSession("cs_"+shipped.ID, shipped.ID, "pi_"+shipped.ID, shipped.TotalCents, map[string]string{"orderId": shipped.ID}))

	// The tee, size M, to pick up at the dance night and pay there.
	buyer.run(chromedp.Navigate(p.portal+"/store/vendors/"+tees["slug"].(string)), chromedp.WaitVisible(css(`#products`)))
	if s := buyer.text(`main`); !strings.Contains(s, "Friday set at the Grand") {
		t.Fatalf("the shop's page does not offer the dance night: %q", s)
	}
	look(buyer, "portal shop")
	buyer.run(chromedp.Click(css(`a[href="/store/products/`+tee["slug"].(string)+`"]`)), chromedp.WaitVisible(css(`form.add`)),
		chromedp.Click(css(`label[data-variant="M"] input`)),
		chromedp.Click(css(`form.add button[type=submit]`)), chromedp.WaitVisible(css(`form.checkout`)),
		chromedp.Click(css(`form.checkout input[name=fulfillment][value=pickup]`)),
		chromedp.Click(css(`form.checkout input[name=payment][value=pay_at_pickup]`)),
		chromedp.Click(css(`form.checkout button[type=submit]`)), chromedp.WaitVisible(css(`ul.placed`)))
	if s := buyer.text(`main`); !strings.Contains(s, "Thank you") || !strings.Contains(s, "Set Wear") || !strings.Contains(s, "Friday set at the Grand") {
		t.Fatalf("after the pickup checkout: %q", s)
	}
	look(buyer, "portal order placed")
	picked := waitOrder(t, p.portal, buyerToken, func(o storeapi.Order) bool { return o.Fulfillment == "pickup" })

	// The buyer's pickup code, as their store orders page shows it.
	buyer.run(chromedp.Navigate(p.portal+"/me/store-orders"), chromedp.WaitVisible(css(`li[data-order="`+picked.OrderNumber+`"] .code`)))
	code := buyer.text(`li[data-order="` + picked.OrderNumber + `"] .code`)

	// The vendor ships the shoes and, at the dance night, hands over the tee on the
	// buyer's code.
	vendor.run(chromedp.Navigate(p.store+"/dashboard/vendors/"+shoesID),
		chromedp.WaitVisible(css(`li[data-order="`+shipped.OrderNumber+`"] form.ship`)),
		chromedp.SetValue(css(`li[data-order="`+shipped.OrderNumber+`"] select[name=carrier]`), "USPS"),
		chromedp.SendKeys(css(`li[data-order="`+shipped.OrderNumber+`"] input[name=trackingNumber]`), "9400111899223344556677"),
		chromedp.Click(css(`li[data-order="`+shipped.OrderNumber+`"] form.ship button`)),
		chromedp.WaitNotPresent(css(`li[data-order="`+shipped.OrderNumber+`"] form.ship`)))
	vendor.run(chromedp.Navigate(p.store+"/dashboard/vendors/"+teesID),
		chromedp.WaitVisible(css(`li[data-order="`+picked.OrderNumber+`"]`)),
		chromedp.Click(css(`li[data-order="`+picked.OrderNumber+`"] form[action$="/ready"] button`)),
		chromedp.WaitNotPresent(css(`li[data-order="`+picked.OrderNumber+`"] form[action$="/ready"]`)),
		chromedp.SendKeys(css(`#scan input[name=code]`), code),
		chromedp.Click(css(`#scan button`)),
		chromedp.WaitNotPresent(css(`li[data-order="`+picked.OrderNumber+`"]`)))

	// My SteppersLife: both, from the store, with where each stands.
	buyer.run(chromedp.Navigate(p.portal + "/me"))
	buyer.until(`section[aria-labelledby="sec-store"]`, "Smooth Steps")
	buyer.until(`section[aria-labelledby="sec-store"]`, "Set Wear")
	if s := buyer.text(`section[aria-labelledby="sec-store"]`); !strings.Contains(s, "Shipped") || !strings.Contains(s, "Picked up") {
		t.Fatalf("the store's part of My SteppersLife: %q", s)
	}
	buyer.run(chromedp.Click(css(`section[aria-labelledby="sec-store"] a.more`)),
		chromedp.WaitVisible(css(`li[data-order="`+shipped.OrderNumber+`"]`)))
	look(buyer, "portal store orders")
	vendor.run(chromedp.Navigate(p.store+"/dashboard/vendors/"+teesID+"/shop"), chromedp.WaitVisible(css(`#new-point`)))
	look(vendor, "store pickup codes and team")
	ship := buyer.text(`li[data-order="` + shipped.OrderNumber + `"]`)
	pick := buyer.text(`li[data-order="` + picked.OrderNumber + `"]`)
	if !strings.Contains(ship, "Shipped") || !strings.Contains(ship, "9400111899223344556677") || !strings.Contains(ship, "Paid") ||
		!strings.Contains(pick, "Picked up") || strings.Contains(pick, code) {
		t.Fatalf("store orders:\nshipped: %q\npicked up: %q", ship, pick)
	}
	if href := buyer.attr(`li[data-order="`+shipped.OrderNumber+`"] a[href*="9400111899223344556677"]`, "href"); !strings.HasPrefix(href, "https://") {
		t.Fatalf("tracking link %q", href)
	}
}

// waitOrder is the buyer's store order that matches, once the store has it.
func waitOrder(t *testing.T, portal, token string, match func(storeapi.Order) bool) storeapi.Order {
	t.Helper()
	for try := 0; try < 100; try++ {
		var mine struct {
			Items []storeapi.Order `json:"items"`
		}
		getAPI(t, portal, token, "/api/store/me/orders", &mine)
		for _, o := range mine.Items {
			if match(o) {
				return o
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the store never had the order")
	return storeapi.Order{}
}

// getAPI reads a JSON answer through the portal's gateway.
func getAPI(t *testing.T, portal, token, path string, out any) {
	t.Helper()
	req, _ := http.NewRequest("GET", portal+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Unmarshal(raw, out) != nil {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, raw)
	}
}

// testPhoto is a PNG a phone might take: a gradient with grain.
func testPhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(7)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 28)
			img.SetRGBA(x, y, color.RGBA{uint8(x*200/w) + n, uint8(y*200/h) + n, 90 + n, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
