package restaurants_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"stepperslife/services/restaurants/resttest"
)

// TestHugeOrderRefusedAsInvalid: an order may hold at most 50 lines. One with tens of
// thousands was sent to the database as one placeholder per line before that rule
// was checked, which SQLite refuses (too many SQL variables): a 500 for bad input.
func TestHugeOrderRefusedAsInvalid(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		lines := make([]string, 34000)
		for i := range lines {
			lines[i] = fmt.Sprintf(`{"menuItemId":"%x"}`, i)
		}
		body := fmt.Sprintf(`{"restaurantId":%q,"items":[%s],"pickupTime":%q,"paymentMethod":"pay_at_pickup"}`,
			s.ID, strings.Join(lines, ","), pickupSoon())
		if r := e.Do("POST", "/api/orders", &resttest.Customer, body); r.Status != 400 || r.Code() != "VALIDATION_FAILED" {
			t.Fatalf("34000 lines: %d %.300s", r.Status, r.Body)
		}
	})
}

// TestWholeOrderIsBounded: 50 lines of one dish × 99 once made a $76,348.68
// pay-at-pickup order. The whole order is bounded (dishes, total), and repeated
// lines of one dish with the same notes are one line.
func TestWholeOrderIsBounded(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		var flood []any
		for range 50 {
			flood = append(flood, s.Wings, 99)
		}
		r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", flood...))
		var answer struct {
			Details struct{ Fields map[string]string }
		}
		r.JSON(t, &answer)
		fields := answer.Details.Fields
		if r.Status != 400 || r.Code() != "VALIDATION_FAILED" || !strings.Contains(fields["items"], "at most 100 dishes") ||
			!strings.Contains(fields["totalCents"], "at most $2,000.00") {
			t.Fatalf("flood: %d %s", r.Status, r.Body)
		}
		ord := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 2, s.Fries, 1, s.Wings, 3)).Map(t)
		items := ord["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["quantity"] != 5.0 || ord["subtotalCents"] != float64(5*1299+450) {
			t.Fatalf("merged order: %v", ord)
		}
	})
}

// TestOpenPayAtPickupOrdersAreLimited: one customer may have at most three unpaid
// pay-at-pickup orders open at one restaurant, however many they send at once; the
// limit lifts as the restaurant closes them, and binds no one else.
func TestOpenPayAtPickupOrdersAreLimited(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		const tries = 8
		var wg sync.WaitGroup
		statuses := make(chan int, tries)
		for range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := e.Try("POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 1))
				if err != nil {
					t.Error(err)
					return
				}
				if r.Status != 201 && (r.Status != 409 || r.Code() != "CONFLICT" || !strings.Contains(string(r.Body), "waiting to be paid at pickup")) {
					t.Errorf("%d %s", r.Status, r.Body)
				}
				statuses <- r.Status
			}()
		}
		wg.Wait()
		close(statuses)
		placed := 0
		for st := range statuses {
			if st == 201 {
				placed++
			}
		}
		mine := e.Must(200, "GET", "/api/me/orders", &resttest.Customer, nil).Map(t)
		if placed != 3 || len(mine["items"].([]any)) != 3 {
			t.Fatalf("placed %d of %d at once; stored %v", placed, tries, mine["items"])
		}
		e.Must(201, "POST", "/api/orders", &resttest.Stranger, s.order("pay_at_pickup", s.Wings, 1))
		first := mine["items"].([]any)[0].(map[string]any)["id"].(string)
		for _, st := range []string{"CONFIRMED", "PREPARING", "READY_FOR_PICKUP", "COMPLETED"} {
			e.Must(200, "PATCH", "/api/orders/"+first, &resttest.Staff, map[string]string{"status": st})
		}
		e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 1))
		e.Must(409, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Fries, 1))
	})
}
