package site

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
)

// Two shops of the fake store: shoes in sizes (one sold out) and a mix CD.
var (
	danceNight = time.Date(2026, 12, 12, 1, 0, 0, 0, time.UTC)
	shoesShop  = storeapi.Vendor{ID: "ven-steps", Slug: "smooth-steps", Name: "Smooth Steps", Status: "APPROVED",
		ShippingRateCents: 800, FreeShippingOverCents: 15000, PickupEnabled: true, CardPayments: true,
		PickupPoints: []storeapi.PickupPoint{
			{ID: "pp-shop", Label: "Our shop", Address: "123 E 75th St, Chicago"},
			{ID: "pp-set", Label: "Friday set at the Grand", Address: "6351 S Cottage Grove", StartsAt: &danceNight,
				EndsAt: ptr(danceNight.Add(3 * time.Hour))},
		}}
	mixShop = storeapi.Vendor{ID: "ven-mix", Slug: "dj-mix", Name: "DJ Mix", Status: "APPROVED",
		ShippingRateCents: 500, PickupEnabled: true, CardPayments: false}
	shoes = storeapi.Product{ID: "p-shoes", Slug: "suede-steppers", Name: "Suede Steppers", Status: "ACTIVE",
		Vendor: storeapi.VendorSummary{ID: shoesShop.ID, Slug: shoesShop.Slug, Name: shoesShop.Name}, Category: "SHOES",
		Options: []storeapi.Option{{Name: "Size", Values: []string{"9", "10", "11"}}}, PriceCents: 8999, MaxPriceCents: 8999,
		InStock: true, Images: []storeapi.Image{{ID: "i1", URL: "/images/shoes.jpg"}},
		Variants: []storeapi.Variant{
			{ID: "v-9", Label: "9", PriceCents: 8999, Available: 2, InStock: true},
			{ID: "v-10", Label: "10", PriceCents: 8999, Available: 0},
			{ID: "v-11", Label: "11", PriceCents: 8999, Available: 7, InStock: true},
		}}
	mix = storeapi.Product{ID: "p-mix", Slug: "steppin-mix", Name: "Steppin Mix Vol. 1", Status: "ACTIVE",
		Vendor: storeapi.VendorSummary{ID: mixShop.ID, Slug: mixShop.Slug, Name: mixShop.Name}, Category: "MUSIC",
		PriceCents: 1500, MaxPriceCents: 1500, InStock: true,
		Variants: []storeapi.Variant{{ID: "v-cd", Label: "CD", PriceCents: 1500, Available: 30, InStock: true}}}
)

func ptr[T any](v T) *T { return &v }

// storeSite is the site in front of a fake store that knows both shops.
func storeSite(t *testing.T) (http.Handler, *fakes) {
	t.Helper()
	h, f := newSite(t)
	for _, p := range []storeapi.Product{shoes, mix} {
		f.answers["store GET /api/products/"+p.Slug] = answer(p)
	}
	for _, v := range []storeapi.Vendor{shoesShop, mixShop} {
		f.answers["store GET /api/vendors/"+v.Slug] = answer(v)
	}
	return h, f
}

func answer(v any) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) { web.WriteJSON(w, 200, v) }
}

// browser is a signed-in browser's cookies, kept across requests as a browser does.
type browser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]*http.Cookie
}

func newStoreBrowser(t *testing.T, h http.Handler) *browser {
	return &browser{t: t, h: h, cookies: map[string]*http.Cookie{auth.AccessCookie: {Name: auth.AccessCookie, Value: "tok-pat"}}}
}

func (b *browser) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

func TestStoreProductPageShowsSoldOutSizesButOffersOnlyTheRest(t *testing.T) {
	h, _ := storeSite(t)
	rec := get(t, h, "/store/products/suede-steppers", false)
	if rec.Code != 200 {
		t.Fatalf("product page: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "Suede Steppers", `href="/store/vendors/smooth-steps"`, "Only 2 left", "Sold out",
		`value="v-10" disabled`, `value="v-9" checked`, `action="/store/cart"`, "Shoes")
	if strings.Contains(rec.Body.String(), `value="v-9" disabled`) || strings.Contains(rec.Body.String(), `value="v-11" disabled`) {
		t.Error("a size in stock cannot be chosen")
	}
}

func TestStoreProductOfAnotherStatusOrGoneIsNotFound(t *testing.T) {
	h, f := storeSite(t)
	draft := shoes
	draft.Status = "DRAFT"
	f.answers["store GET /api/products/suede-steppers"] = answer(draft)
	if rec := get(t, h, "/store/products/suede-steppers", false); rec.Code != 404 {
		t.Fatalf("draft: %d", rec.Code)
	}
	if rec := get(t, h, "/store/products/nothing-here", false); rec.Code != 404 {
		t.Fatalf("unknown: %d", rec.Code)
	}
}

func TestStoreVendorPageListsItsProductsAndPickupNights(t *testing.T) {
	h, f := storeSite(t)
	f.answers["store GET /api/products"] = func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("vendor") != shoesShop.ID {
			t.Errorf("products of %q", r.URL.Query().Get("vendor"))
		}
		web.WriteJSON(w, 200, web.NewList([]storeapi.Product{shoes}, 1, web.Page{Limit: 48}))
	}
	rec := get(t, h, "/store/vendors/smooth-steps", false)
	mustContain(t, rec, "Smooth Steps", `href="/store/products/suede-steppers"`, "Friday set at the Grand",
		"free over $150.00", "$8.00 per order")
}

func TestStoreCartAcrossTwoShopsChecksOutAsTheCaller(t *testing.T) {
	h, f := storeSite(t)
	b := newStoreBrowser(t, h)
	add := func(product, variant, q string) *httptest.ResponseRecorder {
		return b.do("POST", "/store/cart", url.Values{"product": {product}, "variant": {variant}, "quantity": {q}, "mode": {"add"}})
	}
	if rec := add("suede-steppers", "v-9", "1"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/store/cart?added=1" {
		t.Fatalf("adding: %d %s", rec.Code, rec.Header())
	}
	add("suede-steppers", "v-11", "2")
	add("steppin-mix", "v-cd", "1")

	// Refused: a sold-out size, more than is left, a size of another product.
	for _, bad := range [][3]string{{"suede-steppers", "v-10", "1"}, {"suede-steppers", "v-9", "3"}, {"suede-steppers", "v-cd", "1"}} {
		if rec := add(bad[0], bad[1], bad[2]); rec.Code != 400 || !strings.Contains(rec.Body.String(), `role="alert"`) {
			t.Errorf("adding %v: %d", bad, rec.Code)
		}
	}

	rec := b.do("GET", "/store/cart", nil)
	mustContain(t, rec, `data-vendor="Smooth Steps"`, `data-vendor="DJ Mix"`, "$269.97", "$15.00", "4 items", "$284.97",
		`name="pickup.ven-steps"`, "Friday set at the Grand", `value="pay_at_pickup"`)
	if strings.Contains(rec.Body.String(), `name="payment" value="card"`) {
		t.Error("card offered though DJ Mix cannot take cards")
	}

	f.answers["store POST /api/checkout"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteJSON(w, 201, storeapi.CheckoutResult{CheckoutID: "chk1", Orders: []storeapi.Order{
			{ID: "o1", OrderNumber: "S-1001", VendorName: "Smooth Steps", Fulfillment: "pickup", PaymentMethod: "pay_at_pickup",
				PaymentStatus: "PENDING", FulfillmentStatus: "UNFULFILLED", TotalCents: 29246, PickupCode: "K7Q2",
				PickupPoint: &shoesShop.PickupPoints[1], Lines: []storeapi.OrderLine{{ProductName: "Suede Steppers", VariantLabel: "9", Quantity: 1, LineCents: 8999}}},
			{ID: "o2", OrderNumber: "S-1002", VendorName: "DJ Mix", Fulfillment: "pickup", PaymentMethod: "pay_at_pickup",
				PaymentStatus: "PENDING", FulfillmentStatus: "UNFULFILLED", TotalCents: 1500},
		}})
	}
	rec = b.do("POST", "/store/checkout", url.Values{"idempotency_key": {"cart-key-1"}, "fulfillment": {"pickup"},
		"payment": {"pay_at_pickup"}, "pickup.ven-steps": {"pp-set"}, "discount": {"STEP10"}, "priceCents": {"1"}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("checkout: %d %s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "Thank you", "S-1001", "S-1002", "Friday set at the Grand", "2 orders")
	c, _ := f.last("POST", "/api/checkout")
	key, authz, sent := c.Header.Get("Idempotency-Key"), c.Header.Get("Authorization"), c.Body
	if key != "cart-key-1" || authz != "Bearer tok-pat" {
		t.Errorf("checkout sent key %q authorization %q", key, authz)
	}
	got, _ := json.Marshal(sent)
	want := `{"discountCode":"STEP10","fulfillment":"pickup","items":[{"quantity":1,"variantId":"v-9"},{"quantity":2,"variantId":"v-11"},{"quantity":1,"variantId":"v-cd"}],"paymentMethod":"pay_at_pickup","pickupPoints":{"ven-steps":"pp-set"}}`
	if string(got) != want {
		t.Errorf("checkout body\n got %s\nwant %s", got, want)
	}
	if _, ok := b.cookies[cartCookie]; ok {
		t.Error("the cart outlived its checkout")
	}
}

func TestStoreCheckoutShortOfStockSaysWhatIsLeft(t *testing.T) {
	h, f := storeSite(t)
	b := newStoreBrowser(t, h)
	b.do("POST", "/store/cart", url.Values{"product": {"suede-steppers"}, "variant": {"v-11"}, "quantity": {"2"}})
	f.answers["store POST /api/checkout"] = func(w http.ResponseWriter, r *http.Request) {
		web.WriteError(w, r, errs.Errorf(errs.CodeInsufficientStock, "Not enough left.").
			With(map[string]any{"variants": []map[string]any{{"variantId": "v-11", "available": 1}}}))
	}
	rec := b.do("POST", "/store/checkout", url.Values{"fulfillment": {"ship"}, "payment": {"card"}, "name": {"Pat"},
		"line1": {"1 Main St"}, "city": {"Chicago"}, "state": {"IL"}, "postalCode": {"60619"}})
	if rec.Code != http.StatusConflict {
		t.Fatalf("short: %d", rec.Code)
	}
	mustContain(t, rec, "Not enough left.", "Only 1 left", `value="1 Main St"`)
	if _, ok := b.cookies[cartCookie]; !ok {
		t.Error("a refused checkout emptied the cart")
	}
	if c, _ := f.last("POST", "/api/checkout"); c.Body["shippingAddress"] == nil || c.Body["paymentMethod"] != "card" {
		t.Errorf("ship checkout body: %v", c.Body)
	}
}

func TestStoreCheckoutNeedsASignedInBuyer(t *testing.T) {
	h, f := storeSite(t)
	b := newStoreBrowser(t, h)
	delete(b.cookies, auth.AccessCookie)
	b.do("POST", "/store/cart", url.Values{"product": {"steppin-mix"}, "variant": {"v-cd"}, "quantity": {"1"}})
	if rec := b.do("GET", "/store/cart", nil); !strings.Contains(rec.Body.String(), "Steppin Mix Vol. 1") ||
		!strings.Contains(rec.Body.String(), "/signin?next=/store/cart") {
		t.Fatalf("anonymous cart: %s", rec.Body)
	}
	if rec := b.do("POST", "/store/checkout", url.Values{"fulfillment": {"pickup"}, "payment": {"pay_at_pickup"}}); rec.Code != 401 {
		t.Fatalf("anonymous checkout: %d", rec.Code)
	}
	if _, sent := f.last("POST", "/api/checkout"); sent {
		t.Error("an anonymous checkout reached the store")
	}
}

func TestStoreCartChangesAndDropsWhatIsGone(t *testing.T) {
	h, f := storeSite(t)
	b := newStoreBrowser(t, h)
	b.do("POST", "/store/cart", url.Values{"product": {"suede-steppers"}, "variant": {"v-9"}, "quantity": {"1"}})
	b.do("POST", "/store/cart", url.Values{"product": {"steppin-mix"}, "variant": {"v-cd"}, "quantity": {"1"}})
	b.do("POST", "/store/cart", url.Values{"product": {"steppin-mix"}, "variant": {"v-cd"}, "quantity": {"4"}, "mode": {"set"}})
	if c := readCart(&http.Request{Header: http.Header{"Cookie": {b.cookies[cartCookie].String()}}}); len(c) != 2 || c[1].Quantity != 4 {
		t.Fatalf("after setting: %+v", c)
	}
	b.do("POST", "/store/cart", url.Values{"product": {"suede-steppers"}, "variant": {"v-9"}, "quantity": {"0"}, "mode": {"set"}})
	delete(f.answers, "store GET /api/products/steppin-mix") // withdrawn by its vendor
	rec := b.do("GET", "/store/cart", nil)
	mustContain(t, rec, "Your cart is empty")
	if rec := b.do("POST", "/store/cart", url.Values{"variant": {"v-cd"}, "quantity": {"99"}, "mode": {"set"}}); rec.Code != 400 {
		t.Fatalf("quantity 99: %d", rec.Code)
	}
}

func TestReadCartDropsWhatItCannotTrust(t *testing.T) {
	var c cart
	c, _ = c.set("suede-steppers", "v-9", 2, true)
	c, _ = c.set("suede-steppers", "v-9", 30, true)
	if len(c) != 1 || c[0].Quantity != maxLineQuantity {
		t.Fatalf("capped: %+v", c)
	}
	if _, ok := c.set("bad slug!", "v-1", 1, true); ok {
		t.Fatal("a slug with spaces was taken")
	}
	for i := 0; len(c) < maxCartLines; i++ {
		c, _ = c.set("p", "v"+string(rune('a'+i)), 1, true)
	}
	if _, ok := c.set("p", "one-more", 1, true); ok {
		t.Fatal("a full cart took another line")
	}
	rec := httptest.NewRecorder()
	writeCart(rec, httptest.NewRequest("GET", "/", nil), c)
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(rec.Result().Cookies()[0])
	if back := readCart(req); len(back) != len(c) || back[0] != c[0] {
		t.Fatalf("round trip: %d of %d", len(back), len(c))
	}
	for _, raw := range []string{"%%%", "c3VlZGUJdi05CTk5", "eA"} { // not base64; quantity 99; one field
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: cartCookie, Value: raw})
		if got := readCart(req); len(got) != 0 {
			t.Errorf("cookie %q read as %+v", raw, got)
		}
	}
}

func TestMyStoreOrdersShowStatusTrackingAndPickupCode(t *testing.T) {
	h, f := newSite(t)
	shipped := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
	f.answers["store GET /api/me/orders"] = func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok-pat" {
			web.WriteError(w, r, errs.Errorf(errs.CodeUnauthenticated, "Sign in."))
			return
		}
		web.WriteJSON(w, 200, web.NewList([]storeapi.Order{
			{ID: "o1", OrderNumber: "S-1001", VendorName: "Smooth Steps", Fulfillment: "ship", FulfillmentStatus: "SHIPPED",
				PaymentStatus: "PAID", Carrier: "UPS", TrackingNumber: "1Z999", TrackingURL: "https://www.ups.com/track?tracknum=1Z999",
				ShippedAt: &shipped, TotalCents: 10721, ShippingAddress: &storeapi.Address{Name: "Pat", Line1: "1 Main St", City: "Chicago", State: "IL", PostalCode: "60619"}},
			{ID: "o2", OrderNumber: "S-1002", VendorName: "DJ Mix", Fulfillment: "pickup", FulfillmentStatus: "READY_FOR_PICKUP",
				PaymentStatus: "PENDING", PickupCode: "K7Q2", PickupQRURL: "/api/orders/o2/pickup-qr.png"},
			{ID: "o3", OrderNumber: "S-1003", VendorName: "DJ Mix", Fulfillment: "pickup", FulfillmentStatus: "PICKED_UP",
				PaymentStatus: "PAID", PickupCode: "ZZ11"},
		}, 3, web.Page{Limit: 100}))
	}
	if rec := get(t, h, "/me/store-orders", false); rec.Code != http.StatusSeeOther {
		t.Fatalf("signed out: %d", rec.Code)
	}
	rec := get(t, h, "/me/store-orders", true)
	mustContain(t, rec, "S-1001", "Shipped", `href="https://www.ups.com/track?tracknum=1Z999"`, "Ready for pickup", "K7Q2",
		"pickup-qr.png", "Picked up", `id="order-o1"`)
	if strings.Contains(rec.Body.String(), "ZZ11") {
		t.Error("a picked-up order still shows its pickup code")
	}
}

func TestStoreCardsLeadToThePortalsPages(t *testing.T) {
	v := verticalOf("store")
	product := cardOf(v, feed.Item{ID: "p1", Kind: "product", Slug: "suede-steppers", URL: "http://store.example/products/suede-steppers"})
	order := cardOf(v, feed.Item{ID: "o1", Kind: "order", Status: "SHIPPED", URL: "http://store.example/orders/o1"})
	if product.Href != "/store/products/suede-steppers" || product.External {
		t.Errorf("product card: %+v", product)
	}
	if order.Href != "/me/store-orders#order-o1" || order.StatusKind != "store.fulfillment" {
		t.Errorf("order card: %+v", order)
	}
	if v.MinePath != "/me/store-orders" {
		t.Errorf("store orders path: %q", v.MinePath)
	}
}
