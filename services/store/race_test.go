package store_test

import (
	"net/http"
	"sync"
	"testing"

	"stepperslife/services/store/storetest"
)

// 200 buyers race for 5 units of one size: exactly 5 orders, every other buyer hears
// INSUFFICIENT_INVENTORY with none left, stock ends at 0 and no row goes negative,
// on both databases.
func TestRacingBuyersGetExactlyTheUnits(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		const buyers, units = 200, 5
		v := s.Vendor(owner, storetest.ShopBody("Smooth Steps"))
		p := s.Product(owner, v.ID, "Suede Steppers", 8999, units, "9", "10")
		size9 := p.Variants[0].ID
		var wg sync.WaitGroup
		var mu sync.Mutex
		answers := map[string]int{}
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := s.Try("POST", "/api/checkout", storetest.BuyerN(i), storetest.Pickup(storetest.Item(size9, 1)))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					answers["transport error: "+err.Error()]++
				case res.Status == http.StatusCreated:
					answers["created"]++
				default:
					answers[res.Code()]++
				}
			}()
		}
		wg.Wait()
		if answers["created"] != units || answers["INSUFFICIENT_INVENTORY"] != buyers-units || len(answers) != 2 {
			t.Fatalf("answers %v, want %d created and %d INSUFFICIENT_INVENTORY", answers, units, buyers-units)
		}
		if got := available(t, s, p.Slug, 0); got != 0 {
			t.Fatalf("available %d, want 0", got)
		}
		var orders, sold, negative int
		d := s.Instance.Deps.DB
		if err := d.QueryRow(`SELECT COUNT(*) FROM orders`).Scan(&orders); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(`SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE variant_id = $1`, size9).Scan(&sold); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(`SELECT COUNT(*) FROM variants WHERE stock < 0`).Scan(&negative); err != nil {
			t.Fatal(err)
		}
		if orders != units || sold != units || negative != 0 {
			t.Fatalf("%d orders, %d units sold, %d negative rows", orders, sold, negative)
		}
	})
}

// Racing checkouts with a code limited to 10 uses: exactly 10 carry the discount.
func TestRacingCheckoutsKeepTheCodeLimit(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		v := s.Vendor(owner, storetest.ShopBody("Smooth Steps"))
		p := s.Product(owner, v.ID, "Anniversary Tee", 2500, 500)
		s.Must(201, "POST", "/api/vendors/"+v.ID+"/discounts", owner, map[string]any{"code": "FIRST10", "kind": "FIXED",
			"amount": 500, "usageLimit": 10})
		const buyers = 60
		var wg sync.WaitGroup
		var mu sync.Mutex
		answers := map[string]int{}
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := storetest.Pickup(storetest.Item(p.Variants[0].ID, 1))
				body["discountCode"] = "FIRST10"
				res, err := s.Try("POST", "/api/checkout", storetest.BuyerN(i), body)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					answers["transport error: "+err.Error()]++
				case res.Status == http.StatusCreated:
					answers["created"]++
				default:
					answers[res.Code()]++
				}
			}()
		}
		wg.Wait()
		if answers["created"] != 10 || answers["CONFLICT"] != buyers-10 || len(answers) != 2 {
			t.Fatalf("answers %v", answers)
		}
		var used, discounted int
		d := s.Instance.Deps.DB
		if err := d.QueryRow(`SELECT used_count FROM discount_codes WHERE code = 'FIRST10'`).Scan(&used); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(`SELECT COUNT(*) FROM orders WHERE discount_cents = 500`).Scan(&discounted); err != nil {
			t.Fatal(err)
		}
		if used != 10 || discounted != 10 || available(t, s, p.Slug, 0) != 490 {
			t.Fatalf("used %d, discounted orders %d, left %d", used, discounted, available(t, s, p.Slug, 0))
		}
	})
}
