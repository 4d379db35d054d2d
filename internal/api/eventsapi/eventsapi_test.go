package eventsapi

import (
	"encoding/json"
	"testing"
	"time"
)

// The field names are the contract: a rename here breaks every client.
func TestWireNames(t *testing.T) {
	at := time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC)
	ev := Event{ID: "e1", Slug: "s", Title: "T", StartsAt: at, EndsAt: at, CreatedAt: at, UpdatedAt: at, CardPayments: true,
		Tiers: []Tier{{ID: "t1", Name: "GA", PriceCents: 2500, Currency: "usd", Capacity: 10, Left: 3, OnSale: true,
			SalesPhase: SalesOpen, MaxPerOrder: 6}}}
	got, _ := json.Marshal(ev)
	want := `{"id":"e1","slug":"s","title":"T","description":"","category":"","venue":"","address":"",` +
		`"startsAt":"2026-12-05T02:00:00Z","endsAt":"2026-12-05T02:00:00Z","status":"","url":"","organizerId":"",` +
		`"createdAt":"2026-12-05T02:00:00Z","updatedAt":"2026-12-05T02:00:00Z","tiers":[{"id":"t1","eventId":"",` +
		`"name":"GA","priceCents":2500,"currency":"usd","capacity":10,"left":3,"soldOut":false,"onSale":true,` +
		`"salesPhase":"OPEN","maxPerOrder":6}],"cardPayments":true}`
	if string(got) != want {
		t.Errorf("event\n got %s\nwant %s", got, want)
	}

	req := PurchaseRequest{EventID: "e1", Items: []PurchaseItem{{TierID: "t1", Quantity: 2}}, PaymentMethod: PayCash,
		Attendee: Attendee{Name: "Pat", Email: "pat@example.com"}}
	got, _ = json.Marshal(req)
	want = `{"eventId":"e1","items":[{"tierId":"t1","quantity":2}],"paymentMethod":"cash",` +
		`"attendee":{"name":"Pat","email":"pat@example.com"}}`
	if string(got) != want {
		t.Errorf("purchase\n got %s\nwant %s", got, want)
	}

	var o Order
	in := `{"id":"o1","status":"PENDING","totalCents":5000,"checkoutUrl":"https://pay.example/c","tickets":[{"code":"TCK-A","status":"PENDING","tierId":"t1"}],"later":1}`
	if err := json.Unmarshal([]byte(in), &o); err != nil || o.ID != "o1" || o.TotalCents != 5000 ||
		o.CheckoutURL == "" || len(o.Tickets) != 1 || o.Tickets[0].Code != "TCK-A" {
		t.Errorf("order: %v %+v", err, o)
	}
}
