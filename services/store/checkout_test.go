package store_test

import (
	"net/http"
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/services/store/storetest"
)

// shop is two approved vendors with shoes and tees in sizes.
type shop struct {
	s           *storetest.Server
	steps, wear storeapi.Vendor
	shoes, tee  storeapi.Product
}

func newShop(t *testing.T, s *storetest.Server) shop {
	t.Helper()
	sh := shop{s: s}
	sh.steps = s.Vendor(owner, storetest.ShopBody("Smooth Steps"))
	wear := storetest.ShopBody("Set Wear")
	wear["taxBasisPoints"], wear["freeShippingOverCents"], wear["shippingRateCents"] = 0, 0, 500
	sh.wear = s.Vendor(other, wear)
	sh.shoes = s.Product(owner, sh.steps.ID, "Suede Steppers", 8999, 5, "9", "10")
	sh.tee = s.Product(other, sh.wear.ID, "Anniversary Tee", 2500, 10, "S", "M", "L")
	return sh
}

func available(t *testing.T, s *storetest.Server, slug string, i int) int {
	t.Helper()
	return s.ProductBySlug(nil, slug).Variants[i].Available
}

// A cart of two vendors becomes two orders, each priced by the store: goods, its
// vendor's shipping and tax.
func TestCheckoutSplitsPerVendorAndPricesFromTheStore(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		sh := newShop(t, s)
		body := storetest.Pickup(storetest.Item(sh.shoes.Variants[1].ID, 1), storetest.Item(sh.tee.Variants[1].ID, 2))
		out, res := s.Checkout(buyer, body)
		if res.Status != 201 || len(out.Orders) != 2 {
			t.Fatalf("checkout: %d %s", res.Status, res.Body)
		}
		byVendor := map[string]storeapi.Order{}
		for _, o := range out.Orders {
			byVendor[o.VendorID] = o
			if o.CheckoutID != out.CheckoutID || o.PaymentStatus != "PENDING" || o.FulfillmentStatus != "UNFULFILLED" ||
				!strings.HasPrefix(o.OrderNumber, "ST-") || o.PickupCode == "" || o.CheckoutURL != "" {
				t.Errorf("order %+v", o)
			}
		}
		// Pickup: no shipping; 10.25% of $89.99 = $9.22 at Smooth Steps, no tax at Set Wear.
		steps, wear := byVendor[sh.steps.ID], byVendor[sh.wear.ID]
		if steps.SubtotalCents != 8999 || steps.ShippingCents != 0 || steps.TaxCents != 922 || steps.TotalCents != 9921 ||
			steps.Lines[0].VariantLabel != "10" || steps.PickupPoint == nil || steps.PickupPoint.Label != "Sunday set at the Mansion" {
			t.Errorf("smooth steps: %+v", steps)
		}
		if wear.SubtotalCents != 5000 || wear.TotalCents != 5000 || wear.Lines[0].Quantity != 2 || wear.PlatformFeeCents != 0 {
			t.Errorf("set wear: %+v", wear)
		}
		if available(t, s, sh.shoes.Slug, 1) != 4 || available(t, s, sh.tee.Slug, 1) != 8 {
			t.Fatal("stock not taken")
		}
		// Both in the buyer's orders; each in its own vendor's orders only.
		var mine struct {
			Items []storeapi.Order `json:"items"`
		}
		s.Must(200, "GET", "/api/me/orders", buyer, nil).JSON(t, &mine)
		if len(mine.Items) != 2 {
			t.Fatalf("my orders: %+v", mine)
		}
		s.Must(200, "GET", "/api/vendors/"+sh.steps.ID+"/orders?status=UNFULFILLED", owner, nil).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].ID != steps.ID {
			t.Fatalf("vendor orders: %+v", mine)
		}
		if res := s.Do("GET", "/api/orders/"+wear.ID, owner, nil); res.Status != 404 {
			t.Fatalf("another vendor's order: %d", res.Status)
		}
		if res := s.Do("GET", "/api/vendors/"+sh.wear.ID+"/orders", owner, nil); res.Status != 403 {
			t.Fatalf("another vendor's orders: %d", res.Status)
		}
		// Shipping: flat rate per vendor, free at Smooth Steps over $100.
		ship := storetest.Ship(storetest.Item(sh.shoes.Variants[0].ID, 2), storetest.Item(sh.tee.Variants[0].ID, 1))
		ship["paymentMethod"] = "pay_at_pickup"
		if _, res := s.Checkout(buyer, ship); res.Status != 400 || !strings.Contains(string(res.Body), "paymentMethod") {
			t.Fatalf("shipping paid at pickup: %d %s", res.Status, res.Body)
		}
	})
}

// A client-sent price is refused, whatever it says.
func TestClientPricesAreRefused(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	item := storetest.Item(sh.shoes.Variants[0].ID, 1)
	item["priceCents"] = 1
	body := storetest.Pickup(item)
	_, res := s.Checkout(buyer, body)
	if res.Status != 400 || !strings.Contains(string(res.Body), "items[0].priceCents") || !strings.Contains(string(res.Body), "prices come from the store") {
		t.Fatalf("a price in a line: %d %s", res.Status, res.Body)
	}
	body = storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 1))
	body["totalCents"] = 100
	if _, res := s.Checkout(buyer, body); res.Status != 400 || !strings.Contains(string(res.Body), "totalCents") {
		t.Fatalf("a total: %d %s", res.Status, res.Body)
	}
	if available(t, s, sh.shoes.Slug, 0) != 5 {
		t.Fatal("a refused checkout took stock")
	}
}

// Too few left: 409 INSUFFICIENT_INVENTORY naming every short variant with what is
// left, and nothing taken; an item off sale is ITEM_UNAVAILABLE.
func TestInsufficientInventory(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	body := storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 6), storetest.Item(sh.tee.Variants[0].ID, 3))
	_, res := s.Checkout(buyer, body)
	var e struct {
		Code    string `json:"code"`
		Details struct {
			Variants []struct {
				VariantID string `json:"variantId"`
				Available int    `json:"available"`
			} `json:"variants"`
		} `json:"details"`
	}
	res.JSON(t, &e)
	if res.Status != 409 || e.Code != "INSUFFICIENT_INVENTORY" || len(e.Details.Variants) != 1 ||
		e.Details.Variants[0].VariantID != sh.shoes.Variants[0].ID || e.Details.Variants[0].Available != 5 {
		t.Fatalf("short: %d %s", res.Status, res.Body)
	}
	if available(t, s, sh.tee.Slug, 0) != 10 {
		t.Fatal("the other vendor's stock was taken")
	}
	s.Must(200, "PATCH", "/api/products/"+sh.tee.ID, other, map[string]any{"status": "DRAFT"})
	if _, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[0].ID, 1))); res.Status != 409 || res.Code() != "ITEM_UNAVAILABLE" {
		t.Fatalf("a draft product: %d %s", res.Status, res.Body)
	}
}

// The same Idempotency-Key and body answer the first checkout again and take stock
// once; another body under the key is refused.
func TestCheckoutIdempotency(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	body := storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 2))
	first, res := s.Checkout(buyer, body, "Idempotency-Key", "cart-123")
	if res.Status != 201 {
		t.Fatalf("first: %d %s", res.Status, res.Body)
	}
	again, res := s.Checkout(buyer, body, "Idempotency-Key", "cart-123")
	if res.Status != 201 || again.Orders[0].ID != first.Orders[0].ID || res.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %s", res.Status, res.Body)
	}
	if available(t, s, sh.shoes.Slug, 0) != 3 {
		t.Fatalf("stock taken twice: %d left", available(t, s, sh.shoes.Slug, 0))
	}
	other := storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 1))
	if _, res := s.Checkout(buyer, other, "Idempotency-Key", "cart-123"); res.Status != 409 || res.Code() != "IDEMPOTENCY_KEY_REUSED" {
		t.Fatalf("another body: %d %s", res.Status, res.Body)
	}
}

// Without Stripe keys card payment is off, and says so; pickup still sells.
func TestWithoutStripeCardIsOffAndPickupSells(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	if sh.steps.CardPayments {
		t.Fatal("a vendor says it takes cards without Stripe keys")
	}
	_, res := s.Checkout(buyer, storetest.Ship(storetest.Item(sh.shoes.Variants[0].ID, 1)))
	if res.Status != 503 || res.Code() != "UNAVAILABLE" || !strings.Contains(string(res.Body), "Card payment is off") {
		t.Fatalf("card without keys: %d %s", res.Status, res.Body)
	}
	if _, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 1))); res.Status != 201 {
		t.Fatalf("pickup without keys: %d %s", res.Status, res.Body)
	}
	var setup storeapi.PaymentSetup
	s.Must(200, "GET", "/api/vendors/"+sh.steps.ID+"/payments", owner, nil).JSON(t, &setup)
	if setup.CardPayments || setup.Connected {
		t.Fatalf("payment setup: %+v", setup)
	}
}

// A discount code of one vendor applies to that vendor's order only, within its
// minimum, cap and limits; an unknown one gets the one answer for every refusal.
func TestDiscountCodes(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	var d storeapi.Discount
	s.Must(201, "POST", "/api/vendors/"+sh.steps.ID+"/discounts", owner, map[string]any{"code": "steppin20", "kind": "PERCENT",
		"amount": 20, "minSubtotalCents": 5000, "maxDiscountCents": 1500, "perCustomerLimit": 1}).JSON(t, &d)
	if d.Code != "STEPPIN20" || !d.Active {
		t.Fatalf("code: %+v", d)
	}
	if res := s.Do("POST", "/api/vendors/"+sh.steps.ID+"/discounts", owner, map[string]any{"code": "STEPPIN20", "kind": "FIXED", "amount": 1}); res.Status != 409 {
		t.Fatalf("the same code twice: %d", res.Status)
	}
	body := storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 1), storetest.Item(sh.tee.Variants[0].ID, 1))
	body["discountCode"] = "Steppin20"
	out, res := s.Checkout(buyer, body)
	if res.Status != 201 {
		t.Fatalf("with code: %d %s", res.Status, res.Body)
	}
	for _, o := range out.Orders {
		switch o.VendorID {
		case sh.steps.ID:
			// 20% of $89.99 is $17.99, capped at $15; tax on $74.99 is $7.69.
			if o.DiscountCents != 1500 || o.DiscountCode != "STEPPIN20" || o.TaxCents != 769 || o.TotalCents != 7499+769 {
				t.Errorf("discounted order: %+v", o)
			}
		case sh.wear.ID:
			if o.DiscountCents != 0 || o.TotalCents != 2500 {
				t.Errorf("the other vendor's order: %+v", o)
			}
		}
	}
	// Once per customer.
	if _, res := s.Checkout(buyer, body); res.Status != 409 || !strings.Contains(string(res.Body), "cannot be used") {
		t.Fatalf("a second use: %d %s", res.Status, res.Body)
	}
	// Under the minimum.
	small := storetest.Pickup(storetest.Item(sh.tee.Variants[0].ID, 1))
	small["discountCode"] = "STEPPIN20"
	if _, res := s.Checkout(storetest.BuyerN(2), small); res.Status != 409 {
		t.Fatalf("a code of a vendor not in the cart: %d %s", res.Status, res.Body)
	}
	tiny := storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 1))
	sub := map[string]any{"code": "BIG", "kind": "FIXED", "amount": 500, "minSubtotalCents": 20000}
	s.Must(201, "POST", "/api/vendors/"+sh.steps.ID+"/discounts", owner, sub)
	tiny["discountCode"] = "big"
	if _, res := s.Checkout(storetest.BuyerN(2), tiny); res.Status != 409 || !strings.Contains(string(res.Body), "$200.00") {
		t.Fatalf("under the minimum: %d %s", res.Status, res.Body)
	}
	// Turned off: refused like an unknown code.
	s.Must(200, "PATCH", "/api/discounts/"+d.ID, owner, map[string]any{"active": false})
	body["discountCode"] = "STEPPIN20"
	if _, res := s.Checkout(storetest.BuyerN(3), body); res.Status != 409 || !strings.Contains(string(res.Body), "cannot be used") {
		t.Fatalf("an inactive code: %d %s", res.Status, res.Body)
	}
	var codes struct {
		Items []storeapi.Discount `json:"items"`
	}
	s.Must(200, "GET", "/api/vendors/"+sh.steps.ID+"/discounts", owner, nil).JSON(t, &codes)
	if len(codes.Items) != 2 {
		t.Fatalf("codes: %+v", codes)
	}
	for _, c := range codes.Items {
		if c.Code == "STEPPIN20" && (c.UsedCount != 1 || c.Active) {
			t.Fatalf("STEPPIN20: %+v", c)
		}
	}
}

// One buyer's unpaid pickup orders at a vendor are bounded, so one account cannot
// take a vendor's stock off sale.
func TestUnpaidOrdersPerBuyerAreBounded(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	for i := range 3 {
		if _, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[i%3].ID, 1))); res.Status != 201 {
			t.Fatalf("order %d: %d %s", i, res.Status, res.Body)
		}
	}
	_, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[0].ID, 1)))
	if res.Status != 409 || !strings.Contains(string(res.Body), "unpaid orders for Set Wear") {
		t.Fatalf("a fourth unpaid order: %d %s", res.Status, res.Body)
	}
	// Another vendor is another place.
	if _, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 1))); res.Status != http.StatusCreated {
		t.Fatalf("at another vendor: %d %s", res.Status, res.Body)
	}
}
