package store_test

import (
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/services/store/storetest"
)

// The dashboard's live count: orders waiting for the team to ship or hand over, on
// both databases; an order handed over leaves it, and only the team may ask.
func TestOrdersToFulfilCount(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		v := s.Vendor(owner, storetest.ShopBody("Count Steps"))
		p := s.Product(owner, v.ID, "Count Steppers", 9000, 5, "9", "10")
		count := func() int {
			t.Helper()
			var c storeapi.FulfilCount
			s.Must(200, "GET", "/api/vendors/"+v.ID+"/orders/to-fulfil", owner, nil).JSON(t, &c)
			return c.ToFulfil
		}
		if n := count(); n != 0 {
			t.Fatalf("a new shop has %d to fulfil", n)
		}
		var orders []storeapi.Order
		for _, variant := range p.Variants {
			out, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(variant.ID, 1)))
			if res.Status != 201 {
				t.Fatalf("checkout: %d %s", res.Status, res.Body)
			}
			orders = append(orders, out.Orders[0])
		}
		if n := count(); n != 2 {
			t.Fatalf("two pickup orders, %d to fulfil", n)
		}
		s.Must(200, "POST", "/api/orders/"+orders[0].ID+"/ready-for-pickup", owner, nil)
		if n := count(); n != 2 {
			t.Fatalf("ready for pickup still waits for the hand-over; %d to fulfil", n)
		}
		s.Must(200, "POST", "/api/orders/"+orders[0].ID+"/picked-up", owner, map[string]string{"code": orders[0].PickupCode})
		if n := count(); n != 1 {
			t.Fatalf("after a hand-over, %d to fulfil", n)
		}
		if res := s.Do("GET", "/api/vendors/"+v.ID+"/orders/to-fulfil", buyer, nil); res.Status != 403 {
			t.Fatalf("a buyer asked for the count: %d %s", res.Status, res.Body)
		}
		page := s.Must(200, "GET", "/dashboard/vendors/"+v.ID, owner, nil)
		if !strings.Contains(string(page.Body), `data-live="/api/vendors/`+v.ID+`/orders/to-fulfil">1<`) {
			t.Fatalf("the dashboard's live count:\n%s", page.Body)
		}
	})
}
