package store_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/store/adapters/sqlstore"
	"stepperslife/services/store/domain"
	"stepperslife/services/store/storetest"
)

// BenchmarkCheckoutPostgres64 measures checkouts per second through the whole HTTP
// stack on PostgreSQL with 64 concurrent buyers of one variant, then checks that
// exactly the stock sold and no row went negative. Run by hand:
//
//	go test ./services/store/ -run '^$' -bench CheckoutPostgres64 -benchtime 3000x
func BenchmarkCheckoutPostgres64(b *testing.B) {
	benchmarkCheckouts(b, dbtest.PostgresURL(b), 64)
}

// BenchmarkCheckoutSQLite64 is the same on the embedded database.
func BenchmarkCheckoutSQLite64(b *testing.B) {
	benchmarkCheckouts(b, "", 64)
}

func benchmarkCheckouts(b *testing.B, dbURL string, workers int) {
	s := storetest.Start(b, storetest.Options{DatabaseURL: dbURL})
	v := s.Vendor(owner, storetest.ShopBody("Bench Shoes"))
	// Stock for exactly b.N units, and 10% more checkouts than units: every unit
	// sells and the rest hear INSUFFICIENT_INVENTORY.
	p := s.Product(owner, v.ID, "Bench Steppers", 8999, b.N)
	variant := p.Variants[0].ID
	attempts := b.N + b.N/10
	body := storetest.Pickup(storetest.Item(variant, 1))
	var next, created, short, other atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(attempts) {
					return
				}
				// A buyer per checkout: one buyer's unpaid orders are bounded.
				res, err := s.Try("POST", "/api/checkout", storetest.BuyerN(int(i)), body)
				switch {
				case err != nil:
					other.Add(1)
				case res.Status == http.StatusCreated:
					created.Add(1)
				case res.Code() == "INSUFFICIENT_INVENTORY":
					short.Add(1)
				default:
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var stock, sold, negative int
	d := s.Instance.Deps.DB
	if err := d.QueryRow(`SELECT stock FROM variants WHERE id = $1`, variant).Scan(&stock); err != nil {
		b.Fatal(err)
	}
	if err := d.QueryRow(`SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE variant_id = $1`, variant).Scan(&sold); err != nil {
		b.Fatal(err)
	}
	if err := d.QueryRow(`SELECT COUNT(*) FROM variants WHERE stock < 0`).Scan(&negative); err != nil {
		b.Fatal(err)
	}
	if created.Load() != int64(b.N) || sold != b.N || stock != 0 || negative != 0 || other.Load() != 0 {
		b.Fatalf("stock %d: created %d, sold %d, left %d, negative %d, short %d, other %d",
			b.N, created.Load(), sold, stock, negative, short.Load(), other.Load())
	}
	b.ReportMetric(float64(created.Load())/elapsed.Seconds(), "checkouts/s")
	b.ReportMetric(float64(attempts)/elapsed.Seconds(), "requests/s")
	b.Logf("stock %d, %d buyers at once: %d sold, %d INSUFFICIENT_INVENTORY, oversold 0", b.N, workers, created.Load(), short.Load())
}

// BenchmarkCheckoutPostgres64Variants is the same load spread over 64 variants, one
// per buyer at a time: what the checkout costs when no row is contended.
func BenchmarkCheckoutPostgres64Variants(b *testing.B) {
	s := storetest.Start(b, storetest.Options{DatabaseURL: dbtest.PostgresURL(b)})
	v := s.Vendor(owner, storetest.ShopBody("Bench Shoes"))
	bodies := make([]map[string]any, 64)
	for i := range bodies {
		var p struct{ Variants []struct{ ID string } }
		s.Must(201, "POST", "/api/vendors/"+v.ID+"/products", owner, map[string]any{"name": fmt.Sprint("Bench Item ", i),
			"status": "ACTIVE", "variants": []map[string]any{{"sku": fmt.Sprint("BENCH-", i), "priceCents": 1500, "stock": b.N}}}).JSON(b, &p)
		bodies[i] = storetest.Pickup(storetest.Item(p.Variants[0].ID, 1))
	}
	var next, created atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				if res, err := s.Try("POST", "/api/checkout", storetest.BuyerN(int(i)), bodies[w]); err == nil && res.Status == http.StatusCreated {
					created.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if created.Load() != int64(b.N) {
		b.Fatalf("%d of %d checkouts placed", created.Load(), b.N)
	}
	b.ReportMetric(float64(created.Load())/elapsed.Seconds(), "checkouts/s")
}

// BenchmarkProductListPostgres10k measures the public product list over 10,000
// products on PostgreSQL and reports its 99th percentile. Run by hand:
//
//	go test ./services/store/ -run '^$' -bench ProductListPostgres10k -benchtime 500x
func BenchmarkProductListPostgres10k(b *testing.B) {
	s := storetest.Start(b, storetest.Options{DatabaseURL: dbtest.PostgresURL(b)})
	v := s.Vendor(owner, storetest.ShopBody("Big Catalogue"))
	st := sqlstore.New(s.Instance.Deps.DB)
	fillCatalogue(b, st, v.ID, 10_000)
	// What autovacuum does after a bulk load, so the planner knows the tables' sizes.
	if _, err := s.Instance.Deps.DB.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	queries := []string{"", "?sort=price_asc", "?q=steppers", "?category=APPAREL&inStock=true", "?sort=name&offset=5000",
		"?q=tee+white&sort=price_desc"}
	var took []time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		s.Must(200, "GET", "/api/products"+queries[i%len(queries)], nil, nil)
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	p99 := took[min(len(took)-1, len(took)*99/100)]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
}

// fillCatalogue stores n ACTIVE products of vendorID, three sizes each.
func fillCatalogue(b *testing.B, st *sqlstore.Store, vendorID string, n int) {
	names := []string{"Suede Steppers", "Anniversary Tee", "Ball Fedora", "Steppin Mix", "Pocket Square", "Dance Heels"}
	cats := []string{"SHOES", "APPAREL", "ACCESSORIES", "MUSIC", "ACCESSORIES", "SHOES"}
	now := time.Now().UTC()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				p := domain.Product{ID: domain.NewID("prd"), VendorID: vendorID, Name: fmt.Sprintf("%s %d", names[i%6], i),
					Description: "White, black or wine; a favourite on the floor.", Category: cats[i%6], Status: domain.ProductActive,
					Options: []domain.Option{{Name: "Size", Values: []string{"S", "M", "L"}}}, CreatedAt: now.Add(time.Duration(i) * time.Second)}
				p.UpdatedAt = p.CreatedAt
				for j, in := range domain.GenerateVariants(p.Options, fmt.Sprintf("B%d", i), int64(1000+i%9000), i%4) {
					p.Variants = append(p.Variants, domain.Variant{ID: domain.NewID("var"), ProductID: p.ID, VendorID: vendorID,
						SKU: in.SKU, Options: in.Options, PriceCents: in.PriceCents, Stock: in.Stock, Position: j,
						CreatedAt: p.CreatedAt, UpdatedAt: p.CreatedAt})
				}
				if err := st.CreateProduct(context.Background(), &p); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
