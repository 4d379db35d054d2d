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

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/store/storetest"
)

// TestBrowserVendorAddsAndFulfils drives a real Chromium: the vendor adds a product
// in sizes with a photo on the dashboard; a buyer takes one size for pickup on its
// page and another is paid by card to be shipped; on a phone the vendor ships the
// one, and marks the other ready and hands it over on the buyer's code; the buyer
// sees both settled.
func TestBrowserVendorAddsAndFulfils(t *testing.T) {
	browsertest.Require(t)
	s := cardServer(t, "")
	v := s.Vendor(owner, storetest.ShopBody("Smooth Steps"))
	s.Must(200, "POST", "/api/vendors/"+v.ID+"/payments/connect", owner, nil)
	connect(t, s, v.ID, true)
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			loc, _ := chromedp.Run(dctx, chromedp.Location())
			text, _ := chromedp.Run(dctx, chromedp.Text("body"))
			t.Fatalf("%v\nat %s:\n%s", err, loc, text)
		}
	}
	text := func(sel string) string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	as := func(u *auth.User) {
		t.Helper()
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
			Value: hosttest.Token(u), URL: s.URL, Path: "/"}); err != nil {
			t.Fatal(err)
		}
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
	picture := filepath.Join(t.TempDir(), "steppers.png")
	if err := os.WriteFile(picture, photo(t, 800, 800), 0o600); err != nil {
		t.Fatal(err)
	}

	// The vendor adds a product in three sizes with a photo.
	as(owner)
	run(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.URL+"/dashboard/vendors/"+v.ID),
		chromedp.WaitVisible(`#new-product`),
		chromedp.SendKeys(`#new-product input[name=name]`, "Patent Steppers"),
		chromedp.SetValue(`#new-product select[name=category]`, "SHOES"),
		chromedp.SendKeys(`#new-product input[name=sizes]`, "9, 10, 11"),
		chromedp.SendKeys(`#new-product input[name=price]`, "120.00"),
		chromedp.SetValue(`#new-product input[name=stock]`, "3"),
		chromedp.SendKeys(`#new-product input[name=sku]`, "PAT"),
		chromedp.SetUploadFiles(`#new-product input[name=photo]`, []string{picture}),
		chromedp.Click(`#new-product button[type=submit]`),
		chromedp.WaitVisible(`details[data-product="Patent Steppers"]`))
	if flash := text(`.flash`); !strings.Contains(flash, "Patent Steppers is in your catalogue") {
		t.Fatalf("flash %q", flash)
	}
	var p storeapi.Product
	s.Must(200, "GET", "/api/products/patent-steppers", nil, nil).JSON(t, &p)
	if len(p.Variants) != 3 || len(p.Images) != 1 {
		t.Fatalf("product: %+v", p)
	}

	// The buyer takes size 9 for pickup on the product page; size 10 is paid by
	// card to be shipped.
	as(buyer)
	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+"/products/patent-steppers"),
		chromedp.WaitVisible(`form.buy`),
		chromedp.Click(`input[name=variant][value="`+p.Variants[0].ID+`"]`),
		chromedp.Click(`input[name=way][value^="pickup"]`),
		chromedp.Click(`input[name=paymentMethod][value=pay_at_pickup]`),
		chromedp.Click(`form.buy button[type=submit]`),
		chromedp.WaitVisible(`section.pickup`))
	code := text(`section.pickup .code`)
	number := strings.TrimPrefix(text(`h1`), "Order ")
	out, res := s.Checkout(buyer, storetest.Ship(storetest.Item(p.Variants[1].ID, 1)))
	if res.Status != 201 {
		t.Fatalf("card checkout: %d %s", res.Status, res.Body)
	}
	shipped := out.Orders[0]
	if res := paid(t, s, paymentstest.NewEventID(), shipped, "pi_browser"); res.Status != 200 {
		t.Fatalf("paid: %d %s", res.Status, res.Body)
	}

	// On a phone, the vendor ships one and hands over the other.
	as(owner)
	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+"/dashboard/vendors/"+v.ID),
		chromedp.WaitVisible(`li[data-order="`+shipped.OrderNumber+`"] form.ship`))
	shoot("dashboard")
	if n := text(`#open-count`); n != "2" {
		t.Fatalf("orders to fulfil: %s", n)
	}
	run(chromedp.SetValue(`li[data-order="`+shipped.OrderNumber+`"] select[name=carrier]`, "USPS"),
		chromedp.SendKeys(`li[data-order="`+shipped.OrderNumber+`"] input[name=trackingNumber]`, "9400111899223344556677"),
		chromedp.Click(`li[data-order="`+shipped.OrderNumber+`"] form.ship button`),
		chromedp.WaitNotPresent(`li[data-order="`+shipped.OrderNumber+`"] form.ship`))
	run(chromedp.Click(`li[data-order="`+number+`"] form[action$="/ready"] button`),
		chromedp.WaitNotPresent(`li[data-order="`+number+`"] form[action$="/ready"]`),
		chromedp.SendKeys(`#scan input[name=code]`, code),
		chromedp.Click(`#scan button`),
		chromedp.WaitNotPresent(`li[data-order="`+number+`"]`))
	if flash := text(`.flash`); !strings.Contains(flash, "handed over to Bea Buyer") {
		t.Fatalf("hand over: %q", flash)
	}

	// The buyer sees both settled.
	as(buyer)
	var mine struct {
		Items []storeapi.Order `json:"items"`
	}
	s.Must(200, "GET", "/api/me/orders", buyer, nil).JSON(t, &mine)
	got := map[string]string{}
	for _, o := range mine.Items {
		got[o.Fulfillment] = o.FulfillmentStatus
		run(chromedp.Navigate(s.URL+"/orders/"+o.ID), chromedp.WaitVisible(`h1`))
		page := text(`main`)
		if o.Fulfillment == "ship" && !strings.Contains(page, "Shipped") || o.Fulfillment == "ship" && !strings.Contains(page, "track parcel") ||
			o.Fulfillment == "pickup" && !strings.Contains(page, "Picked up") {
			t.Fatalf("order page of %s:\n%s", o.Fulfillment, page)
		}
	}
	if got["ship"] != "SHIPPED" || got["pickup"] != "PICKED_UP" {
		t.Fatalf("orders: %v", got)
	}
}
