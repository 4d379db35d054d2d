package storeapi

import (
	"encoding/json"
	"testing"
)

// keys are the names of a JSON object's fields.
func keys(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func has(t *testing.T, what string, m map[string]any, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, ok := m[n]; !ok {
			t.Errorf("%s has no %q: %v", what, n, m)
		}
	}
}

// The field names of CONTRACT.md's Store API: a rename here breaks every client.
func TestContractFieldNames(t *testing.T) {
	stock := 3
	p := keys(t, Product{Variants: []Variant{{ID: "v1", SKU: "S", Options: map[string]string{"Size": "M"}, PriceCents: 100,
		Available: 3, Stock: &stock}}})
	has(t, "product", p, "id", "slug", "variants", "name", "description", "category", "status")
	v := p["variants"].([]any)[0].(map[string]any)
	has(t, "variant", v, "id", "sku", "options", "priceCents", "available")

	has(t, "vendor", keys(t, Vendor{}), "id", "slug", "status", "name", "description", "shippingRateCents", "pickupEnabled")

	o := keys(t, Order{CheckoutURL: "https://pay.example/c"})
	has(t, "order", o, "id", "orderNumber", "vendorId", "paymentStatus", "fulfillmentStatus", "subtotalCents",
		"shippingCents", "taxCents", "discountCents", "totalCents", "checkoutUrl")
	has(t, "checkout result", keys(t, CheckoutResult{}), "orders")

	var req CheckoutRequest
	in := `{"items":[{"variantId":"v1","quantity":2}],"fulfillment":"ship","shippingAddress":{"name":"Bea","line1":"1 Main",
		"line2":"Apt 2","city":"Chicago","state":"IL","postalCode":"60637","country":"US"},"paymentMethod":"card",
		"discountCode":"TEN"}`
	if err := json.Unmarshal([]byte(in), &req); err != nil || req.Items[0].VariantID != "v1" || req.Items[0].Quantity != 2 ||
		req.ShippingAddress.Line2 != "Apt 2" || req.ShippingAddress.PostalCode != "60637" || req.DiscountCode != "TEN" {
		t.Errorf("checkout request: %v %+v", err, req)
	}
	var pr ProductRequest
	in = `{"name":"Tee","description":"d","category":"APPAREL","status":"ACTIVE","options":[{"name":"Size","values":["S"]}],
		"variants":[{"sku":"T-S","options":{"Size":"S"},"priceCents":2500,"stock":4,"lowStockThreshold":1}]}`
	if err := json.Unmarshal([]byte(in), &pr); err != nil || pr.Variants[0].SKU != "T-S" || *pr.Variants[0].LowStockThreshold != 1 {
		t.Errorf("product request: %v %+v", err, pr)
	}
	has(t, "queue item", keys(t, QueueItem{}), "kind", "id", "title", "createdAt", "url")
	var ship ShipRequest
	if err := json.Unmarshal([]byte(`{"carrier":"UPS","trackingNumber":"1Z"}`), &ship); err != nil || ship.TrackingNumber != "1Z" {
		t.Errorf("ship: %v", err)
	}
	var refund RefundRequest
	if err := json.Unmarshal([]byte(`{"amountCents":500}`), &refund); err != nil || *refund.AmountCents != 500 {
		t.Errorf("refund: %v", err)
	}
}
