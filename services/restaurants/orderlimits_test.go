package restaurants_test

import (
	"fmt"
	"strings"
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
