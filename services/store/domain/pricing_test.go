package domain

import (
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

var now = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)

// shop is two approved vendors and their variants: Smooth Steps ships at $8, free
// over $100, with 10.25% tax; Set Wear offers pickup at one set.
func shop() map[string]Offer {
	steps := Vendor{ID: "v1", Name: "Smooth Steps", Status: VendorApproved, ShippingRateCents: 800,
		FreeShippingOverCents: 100_00, TaxBasisPoints: 1025, PickupEnabled: true}
	wear := Vendor{ID: "v2", Name: "Set Wear", Status: VendorApproved, ShippingRateCents: 500, PickupEnabled: true,
		PickupPoints: []PickupPoint{{ID: "pp1", Label: "Sunday set"}}}
	shoe := Product{ID: "p1", VendorID: "v1", Name: "Suede Steppers", Status: ProductActive}
	tee := Product{ID: "p2", VendorID: "v2", Name: "Steppin Tee", Status: ProductActive}
	return map[string]Offer{
		"s9":  {Variant: Variant{ID: "s9", ProductID: "p1", PriceCents: 89_99, Stock: 5}, Product: shoe, Vendor: steps},
		"s10": {Variant: Variant{ID: "s10", ProductID: "p1", PriceCents: 89_99, Stock: 0}, Product: shoe, Vendor: steps},
		"tm":  {Variant: Variant{ID: "tm", ProductID: "p2", PriceCents: 25_00, Stock: 10}, Product: tee, Vendor: wear},
	}
}

func address() *Address {
	return &Address{Name: "Bea Buyer", Line1: "6351 S Cottage Grove Ave", City: "Chicago", State: "il", PostalCode: "60637"}
}

func TestPriceCartSplitsPerVendorAndPricesFromTheStore(t *testing.T) {
	c, err := PriceCart(Checkout{Items: []CartItem{{"tm", 2}, {"s9", 1}}, Fulfillment: Ship, Method: PayCard,
		Address: address()}, shop(), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Quotes) != 2 || c.Quotes[0].Vendor.ID != "v1" || c.Quotes[1].Vendor.ID != "v2" {
		t.Fatalf("quotes in vendor order: %+v", c.Quotes)
	}
	steps, wear := c.Quotes[0], c.Quotes[1]
	// $89.99 + $8.00 shipping + 10.25% of $89.99 = $9.224 → $9.22.
	if steps.SubtotalCents != 8999 || steps.ShippingCents != 800 || steps.TaxCents != 922 || steps.TotalCents != 10721 {
		t.Errorf("steps %+v", steps)
	}
	// 7% of $107.21 = $7.5047 → $7.50.
	if steps.FeeCents != 750 {
		t.Errorf("fee %d", steps.FeeCents)
	}
	if wear.SubtotalCents != 5000 || wear.ShippingCents != 500 || wear.TaxCents != 0 || wear.TotalCents != 5500 || wear.FeeCents != 385 {
		t.Errorf("wear %+v", wear)
	}
	if c.Address.State != "IL" || c.Address.Country != "US" {
		t.Errorf("address %+v", c.Address)
	}
}

func TestFreeShippingThresholdAndPickup(t *testing.T) {
	offers := shop()
	v := offers["s9"]
	v.Variant.PriceCents = 100_00
	offers["s9"] = v
	c, err := PriceCart(Checkout{Items: []CartItem{{"s9", 1}}, Fulfillment: Ship, Method: PayCard, Address: address()}, offers, now)
	if err != nil || c.Quotes[0].ShippingCents != 0 {
		t.Fatalf("at the threshold: %+v %v", c.Quotes, err)
	}
	// A 10% code takes the goods under the threshold: shipping is charged again.
	q := c.Quotes[0]
	if err := q.ApplyDiscount(Discount{VendorID: "v1", Kind: DiscountPercent, Amount: 10, Active: true}, now); err != nil {
		t.Fatal(err)
	}
	q.Settle(Ship, PayCard)
	if q.DiscountCents != 1000 || q.ShippingCents != 800 || q.TaxCents != 923 || q.TotalCents != 9000+800+923 {
		t.Errorf("discounted %+v", q)
	}
	p, err := PriceCart(Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Pickup, Method: PayAtPickup}, offers, now)
	if err != nil || p.Quotes[0].ShippingCents != 0 || p.Quotes[0].FeeCents != 0 || p.Quotes[0].PickupPoint.ID != "pp1" {
		t.Fatalf("pickup: %+v %v", p.Quotes, err)
	}
}

func TestPriceCartRefusals(t *testing.T) {
	offers := shop()
	cases := map[string]struct {
		c    Checkout
		code errs.Code
	}{
		"empty":            {Checkout{Fulfillment: Ship, Method: PayCard, Address: address()}, errs.CodeValidation},
		"no address":       {Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Ship, Method: PayCard}, errs.CodeValidation},
		"ship pay at door": {Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Ship, Method: PayAtPickup, Address: address()}, errs.CodeValidation},
		"repeat line":      {Checkout{Items: []CartItem{{"tm", 1}, {"tm", 1}}, Fulfillment: Pickup, Method: PayCard}, errs.CodeValidation},
		"too many":         {Checkout{Items: []CartItem{{"tm", 21}}, Fulfillment: Pickup, Method: PayCard}, errs.CodeValidation},
		"unknown variant":  {Checkout{Items: []CartItem{{"nope", 1}}, Fulfillment: Pickup, Method: PayCard}, errs.CodeItemUnavailable},
		"sold out":         {Checkout{Items: []CartItem{{"s10", 1}, {"s9", 6}}, Fulfillment: Pickup, Method: PayCard}, errs.CodeInsufficientStock},
		"bad pickup point": {Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Pickup, Method: PayCard, PickupPoints: map[string]string{"v2": "x"}}, errs.CodeValidation},
		"bad fulfillment":  {Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: "drone", Method: PayCard}, errs.CodeValidation},
		"bad postal code":  {Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Ship, Method: PayCard, Address: &Address{Name: "Bea", Line1: "1 Main St", City: "Chicago", State: "IL", PostalCode: "6063"}}, errs.CodeValidation},
	}
	for name, tc := range cases {
		_, err := PriceCart(tc.c, offers, now)
		if codeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
	}
	// Every short variant is named with what is left.
	_, err := PriceCart(Checkout{Items: []CartItem{{"s10", 1}, {"s9", 6}}, Fulfillment: Pickup, Method: PayCard}, offers, now)
	short := err.(*errs.Error).Details["variants"].([]Shortage)
	if len(short) != 2 || short[0] != (Shortage{"s10", 0}) || short[1] != (Shortage{"s9", 5}) {
		t.Errorf("shortages %+v", short)
	}
	// A product not ACTIVE, or a vendor not APPROVED, does not sell.
	for _, change := range []func(o *Offer){
		func(o *Offer) { o.Product.Status = ProductDraft },
		func(o *Offer) { o.Vendor.Status = VendorSuspended },
	} {
		o := shop()
		x := o["tm"]
		change(&x)
		o["tm"] = x
		if _, err := PriceCart(Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Pickup, Method: PayCard}, o, now); codeOf(err) != errs.CodeItemUnavailable {
			t.Errorf("not for sale: %v", err)
		}
	}
	// A vendor without pickup cannot fill a pickup order.
	o := shop()
	x := o["s9"]
	x.Vendor.PickupEnabled = false
	o["s9"] = x
	if _, err := PriceCart(Checkout{Items: []CartItem{{"s9", 1}}, Fulfillment: Pickup, Method: PayCard}, o, now); codeOf(err) != errs.CodeConflict {
		t.Errorf("pickup at a shipping-only vendor: %v", err)
	}
	// Several open points: the buyer chooses.
	o = shop()
	x = o["tm"]
	later := now.Add(-time.Hour)
	x.Vendor.PickupPoints = append(x.Vendor.PickupPoints, PickupPoint{ID: "pp2", Label: "Shop"}, PickupPoint{ID: "old", Label: "Past set", Ends: &later})
	o["tm"] = x
	if _, err := PriceCart(Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Pickup, Method: PayCard}, o, now); codeOf(err) != errs.CodeValidation {
		t.Errorf("two open points, none chosen: %v", err)
	}
	if _, err := PriceCart(Checkout{Items: []CartItem{{"tm", 1}}, Fulfillment: Pickup, Method: PayCard, PickupPoints: map[string]string{"v2": "old"}}, o, now); codeOf(err) != errs.CodeValidation {
		t.Errorf("a past point: %v", err)
	}
}

func TestDiscounts(t *testing.T) {
	pct := Discount{VendorID: "v1", Kind: DiscountPercent, Amount: 15, Active: true}
	if got := pct.Off(3333); got != 499 {
		t.Errorf("15%% of 3333 = %d, want 499 (rounded down)", got)
	}
	pct.MaxDiscountCents = 300
	if got := pct.Off(3333); got != 300 {
		t.Errorf("capped: %d", got)
	}
	if got := (Discount{Kind: DiscountFixed, Amount: 5000}).Off(3000); got != 3000 {
		t.Errorf("fixed above the goods = %d, want 3000", got)
	}
	start, end := now.Add(time.Hour), now
	for name, d := range map[string]Discount{
		"inactive":  {Active: false},
		"not begun": {Active: true, StartsAt: &start},
		"ended":     {Active: true, EndsAt: &end},
		"used up":   {Active: true, UsageLimit: 2, UsedCount: 2},
	} {
		if d.Usable(now) {
			t.Errorf("%s is usable", name)
		}
	}
	q := Quote{Vendor: Vendor{ID: "v1"}, SubtotalCents: 4000}
	if err := q.ApplyDiscount(Discount{VendorID: "v2", Active: true, Kind: DiscountFixed, Amount: 1}, now); err != ErrDiscountUnavailable {
		t.Errorf("another vendor's code: %v", err)
	}
	if err := q.ApplyDiscount(Discount{VendorID: "v1", Active: true, Kind: DiscountFixed, Amount: 1, MinSubtotalCents: 5000}, now); codeOf(err) != errs.CodeConflict || err == ErrDiscountUnavailable {
		t.Errorf("below minimum: %v", err)
	}
	in := DiscountInput{Code: " spring-25 ", Kind: "percent", Amount: 101, PerCustomerLimit: -1}
	f := fields(t, in.Normalize())
	if in.Code != "SPRING-25" || f["amount"] == nil || f["perCustomerLimit"] == nil {
		t.Errorf("%q %v", in.Code, f)
	}
	if f := fields(t, (&DiscountInput{Code: "A B", Kind: DiscountFixed, Amount: 100, MaxDiscountCents: 5}).Normalize()); f["code"] == nil || f["maxDiscountCents"] == nil {
		t.Errorf("%v", f)
	}
}

func TestMoneyHelpers(t *testing.T) {
	if BasisPoints(5, 1000) != 1 || BasisPoints(4, 1000) != 0 || BasisPoints(-5, 700) != 0 {
		t.Error("half up")
	}
	if Dollars(1250) != "$12.50" || Dollars(5) != "$0.05" {
		t.Error(Dollars(1250), Dollars(5))
	}
}

func TestShipmentAndTracking(t *testing.T) {
	s := Shipment{Carrier: "ups", TrackingNumber: "1z 999 aa1"}
	if err := s.Normalize(); err != nil || s.Carrier != "UPS" || s.TrackingNumber != "1Z999AA1" {
		t.Fatalf("%v %+v", err, s)
	}
	o := Order{Carrier: s.Carrier, TrackingNumber: s.TrackingNumber}
	if o.TrackingURL() != "https://www.ups.com/track?tracknum=1Z999AA1" {
		t.Errorf("%q", o.TrackingURL())
	}
	if err := (&Shipment{Carrier: "PIGEON", TrackingNumber: "<script>"}).Normalize(); codeOf(err) != errs.CodeValidation {
		t.Errorf("%v", err)
	}
}
