package restaurantsapi

import (
	"encoding/json"
	"testing"
	"time"
)

// The field names are the contract: a rename here breaks every client.
func TestWireNames(t *testing.T) {
	at := time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC)
	r := Restaurant{ID: "r1", Slug: "s", Name: "N", CardPayments: true, CreatedAt: at, UpdatedAt: at,
		Menu: &Menu{Categories: []Category{{ID: "c1", Name: "Mains", Items: []MenuItem{{ID: "m1", Name: "Fish",
			PriceCents: 1450, Currency: "usd", Dietary: []string{"spicy"}, Available: true}}}}}}
	got, _ := json.Marshal(r)
	want := `{"id":"r1","slug":"s","name":"N","description":"","cuisine":"","address":"","phone":"","status":"",` +
		`"taxBasisPoints":0,"cardPayments":true,"openNow":false,"prepMinutes":0,"orderingPaused":false,"menu":{"categories":[{"id":"c1","name":"Mains","items":[{"id":"m1",` +
		`"restaurantId":"","categoryId":"","category":"","name":"Fish","description":"","priceCents":1450,` +
		`"currency":"usd","dietary":["spicy"],"available":true}]}]},"createdAt":"2026-12-05T02:00:00Z",` +
		`"updatedAt":"2026-12-05T02:00:00Z"}`
	if string(got) != want {
		t.Errorf("restaurant\n got %s\nwant %s", got, want)
	}

	req := OrderRequest{RestaurantID: "r1", Items: []RequestedItem{{MenuItemID: "m1", Quantity: 2}},
		PickupTime: "2026-12-05T00:30:00Z", PaymentMethod: PayAtPickup}
	got, _ = json.Marshal(req)
	want = `{"restaurantId":"r1","items":[{"menuItemId":"m1","quantity":2}],"pickupTime":"2026-12-05T00:30:00Z",` +
		`"paymentMethod":"pay_at_pickup"}`
	if string(got) != want {
		t.Errorf("order request\n got %s\nwant %s", got, want)
	}

	var o Order
	in := `{"id":"o7","orderNumber":"SK-1007","status":"PENDING","totalCents":3500,"pickupTime":"2026-12-05T00:30:00Z","later":1}`
	if err := json.Unmarshal([]byte(in), &o); err != nil || o.OrderNumber != "SK-1007" || !o.PickupTime.Equal(at.Add(-90*time.Minute)) {
		t.Errorf("order: %v %+v", err, o)
	}
}
