package restaurants_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/restaurants/resttest"
)

func TestOrderStateMachineAndRoles(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		ord := e.Must(http.StatusCreated, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 2)).Map(t)
		id := ord["id"].(string)
		if ord["status"] != "PENDING" || ord["paymentStatus"] != "DUE_AT_PICKUP" || !strings.HasPrefix(ord["orderNumber"].(string), "R-") {
			t.Fatalf("new order: %v", ord)
		}
		move := func(u auth.User, to string, want int, code string) {
			t.Helper()
			r := e.Do("PATCH", "/api/orders/"+id, &u, map[string]string{"status": to})
			if r.Status != want || (code != "" && r.Code() != code) {
				t.Fatalf("%s → %s: %d %s, want %d %s", u.Name, to, r.Status, r.Body, want, code)
			}
		}
		move(resttest.Customer, "CANCELLED", 403, "FORBIDDEN")       // customers do not run the kitchen
		move(resttest.Stranger, "CONFIRMED", 404, "NOT_FOUND")       // nor do strangers, who learn nothing
		move(resttest.Staff, "PREPARING", 409, "INVALID_TRANSITION") // no skipping
		move(resttest.Staff, "CANCELLED", 409, "INVALID_TRANSITION") // staff move forward only
		move(resttest.Staff, "CONFIRMED", 200, "")
		move(resttest.Staff, "PENDING", 409, "INVALID_TRANSITION") // never backwards
		move(resttest.Manager, "PREPARING", 200, "")
		move(resttest.Staff, "READY_FOR_PICKUP", 200, "")
		move(resttest.Staff, "REFUNDED", 409, "INVALID_TRANSITION") // not from READY
		move(resttest.Manager, "COMPLETED", 200, "")
		move(resttest.Manager, "REFUNDED", 409, "INVALID_TRANSITION") // only the owner refunds
		move(resttest.Staff, "REFUNDED", 409, "INVALID_TRANSITION")
		move(resttest.Owner, "CANCELLED", 409, "INVALID_TRANSITION") // completed orders are not cancelled
		move(resttest.Owner, "REFUNDED", 200, "")
		move(resttest.Owner, "COMPLETED", 409, "INVALID_TRANSITION")
		move(resttest.Owner, "REFUNDED", 409, "INVALID_TRANSITION")
		got := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)
		if got["status"] != "REFUNDED" || got["paymentStatus"] != "REFUNDED" {
			t.Fatalf("after refund: %v", got)
		}
		e.Must(404, "GET", "/api/orders/"+id, &resttest.Stranger, nil)
		e.Must(200, "GET", "/api/orders/"+id, &resttest.Staff, nil)

		// A manager cancels; an unpaid cancelled order has nothing to refund.
		id2 := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Fries, 1)).Map(t)["id"].(string)
		r := e.Do("PATCH", "/api/orders/"+id2, &resttest.Manager, map[string]string{"status": "CANCELLED"})
		if r.Status != 200 || r.Map(t)["paymentStatus"] != "NOT_COLLECTED" {
			t.Fatalf("manager cancel: %d %s", r.Status, r.Body)
		}
		if r := e.Do("PATCH", "/api/orders/"+id2, &resttest.Owner, map[string]string{"status": "REFUNDED"}); r.Status != 409 || r.Code() != "INVALID_TRANSITION" {
			t.Fatalf("refund of unpaid order: %d %s", r.Status, r.Body)
		}
		if r := e.Do("PATCH", "/api/orders/"+id2, &resttest.Owner, map[string]string{"status": "EATEN"}); r.Status != 400 {
			t.Fatalf("unknown status: %d %s", r.Status, r.Body)
		}

		// The board lists by status for the team only.
		list := e.Must(200, "GET", "/api/restaurants/"+s.ID+"/orders?status=REFUNDED,CANCELLED", &resttest.Staff, nil).Map(t)
		if list["pagination"].(map[string]any)["total"].(float64) != 2 {
			t.Fatalf("board: %v", list)
		}
		e.Must(403, "GET", "/api/restaurants/"+s.ID+"/orders", &resttest.Customer, nil)
		mine := e.Must(200, "GET", "/api/me/orders", &resttest.Customer, nil).Map(t)
		if len(mine["items"].([]any)) != 2 {
			t.Fatalf("my orders: %v", mine)
		}
	})
}

func TestPriceTamperingRefused(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		// A price sent by the client is an unknown field: refused, nothing stored.
		tampered := fmt.Sprintf(`{"restaurantId":%q,"items":[{"menuItemId":%q,"quantity":1,"priceCents":1}],"pickupTime":%q,"paymentMethod":"pay_at_pickup"}`,
			s.ID, s.Wings, pickupSoon())
		if r := e.Do("POST", "/api/orders", &resttest.Customer, tampered); r.Status != 400 || r.Code() != "VALIDATION_FAILED" {
			t.Fatalf("item price: %d %s", r.Status, r.Body)
		}
		totalSent := fmt.Sprintf(`{"restaurantId":%q,"items":[{"menuItemId":%q,"quantity":1}],"pickupTime":%q,"paymentMethod":"pay_at_pickup","totalCents":1}`,
			s.ID, s.Wings, pickupSoon())
		if r := e.Do("POST", "/api/orders", &resttest.Customer, totalSent); r.Status != 400 {
			t.Fatalf("total: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Soldout, 1)); r.Status != 409 || r.Code() != "ITEM_UNAVAILABLE" {
			t.Fatalf("unavailable: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", "itm_nope", 1)); r.Status != 400 {
			t.Fatalf("unknown item: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, -3)); r.Status != 400 {
			t.Fatalf("negative quantity: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/orders", nil, s.order("pay_at_pickup", s.Wings, 1)); r.Status != 401 {
			t.Fatalf("anonymous: %d %s", r.Status, r.Body)
		}
		if n := e.Must(200, "GET", "/api/me/orders", &resttest.Customer, nil).Map(t)["pagination"].(map[string]any)["total"]; n != 0.0 {
			t.Fatalf("refused orders were stored: %v", n)
		}
		// The menu's price after a change is what counts.
		e.Must(200, "PATCH", "/api/restaurants/"+s.ID+"/menu/items/"+s.Wings, &resttest.Owner, map[string]any{"priceCents": 1500})
		ord := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 2, s.Fries, 1)).Map(t)
		sub := int64(2*1500 + 450)
		tax := (sub*1025 + 5000) / 10000
		if int64(ord["subtotalCents"].(float64)) != sub || int64(ord["taxCents"].(float64)) != tax || int64(ord["totalCents"].(float64)) != sub+tax {
			t.Fatalf("totals: %v", ord)
		}
	})
}

func TestIdempotentOrderUnderConcurrency(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		body := s.order("pay_at_pickup", s.Wings, 1)
		const n = 20
		ids := make([]string, n)
		status := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				r := e.Do("POST", "/api/orders", &resttest.Customer, body, "Idempotency-Key", "key-20-at-once")
				status[i] = r.Status
				if r.Status == 201 {
					ids[i] = r.Map(t)["id"].(string)
				}
			})
		}
		wg.Wait()
		for i := range n {
			if status[i] != 201 || ids[i] != ids[0] {
				t.Fatalf("copy %d: status %d id %q (first %q)", i, status[i], ids[i], ids[0])
			}
		}
		total := e.Must(200, "GET", "/api/restaurants/"+s.ID+"/orders", &resttest.Owner, nil).Map(t)["pagination"].(map[string]any)["total"]
		if total != 1.0 {
			t.Fatalf("%v orders stored, want 1", total)
		}
		other := s.order("pay_at_pickup", s.Wings, 2)
		if r := e.Do("POST", "/api/orders", &resttest.Customer, other, "Idempotency-Key", "key-20-at-once"); r.Status != 409 || r.Code() != "IDEMPOTENCY_KEY_REUSED" {
			t.Fatalf("reused key: %d %s", r.Status, r.Body)
		}
	})
}

func TestPickupOutsideHoursRefused(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		// Open only from 11:00 to 14:00 on the day before tomorrow's pickup, so the
		// pickup tomorrow at any hour falls outside.
		e.Must(200, "PUT", "/api/restaurants/"+s.ID+"/hours", &resttest.Owner, map[string]any{"hours": []map[string]string{
			{"day": "monday", "open": "11:00", "close": "14:00"},
		}})
		body := s.order("pay_at_pickup", s.Wings, 1)
		body["pickupTime"] = nextTuesdayNoon()
		r := e.Do("POST", "/api/orders", &resttest.Customer, body)
		if r.Status != 400 || r.Code() != "VALIDATION_FAILED" || !strings.Contains(string(r.Body), "pickupTime") {
			t.Fatalf("outside hours: %d %s", r.Status, r.Body)
		}
		body["pickupTime"] = "2020-01-01T12:00:00Z"
		if r := e.Do("POST", "/api/orders", &resttest.Customer, body); r.Status != 400 {
			t.Fatalf("past pickup: %d %s", r.Status, r.Body)
		}
		body["pickupTime"] = "tomorrow-ish"
		if r := e.Do("POST", "/api/orders", &resttest.Customer, body); r.Status != 400 {
			t.Fatalf("bad pickup: %d %s", r.Status, r.Body)
		}
		if n := e.Must(200, "GET", "/api/restaurants/"+s.ID+"/orders", &resttest.Owner, nil).Map(t)["pagination"].(map[string]any)["total"]; n != 0.0 {
			t.Fatalf("refused orders were stored: %v", n)
		}
	})
}
