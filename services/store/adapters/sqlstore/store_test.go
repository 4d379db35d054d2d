package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/holds"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/store/adapters/sqlstore"
	"stepperslife/services/store/domain"
	"stepperslife/services/store/migrations"
)

var now = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)

func each(t *testing.T, fn func(t *testing.T, st *sqlstore.Store)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, sqlstore.New(d)) }, outbox.Migrations, host.KitMigrations, migrations.Set)
}

// vendor stores an approved vendor.
func vendor(t *testing.T, st *sqlstore.Store, name string) domain.Vendor {
	t.Helper()
	v := domain.Vendor{ID: domain.NewID("ven"), OwnerID: "u-" + name, OwnerEmail: name + "@example.com", Name: name,
		Status: domain.VendorApproved, ShippingRateCents: 800, PickupEnabled: true, CreatedAt: now, UpdatedAt: now}
	if err := st.CreateVendor(context.Background(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// product stores an active product of v with one variant per size, each with stock.
func product(t *testing.T, st *sqlstore.Store, v domain.Vendor, name string, stock int, sizes ...string) domain.Product {
	t.Helper()
	p := domain.Product{ID: domain.NewID("prd"), VendorID: v.ID, Name: name, Category: "SHOES", Status: domain.ProductActive,
		CreatedAt: now, UpdatedAt: now}
	if len(sizes) > 0 {
		p.Options = []domain.Option{{Name: "Size", Values: sizes}}
	}
	for i, in := range domain.GenerateVariants(p.Options, fmt.Sprintf("%s-%d", name[:3], len(name)), 5000, stock) {
		p.Variants = append(p.Variants, domain.Variant{ID: fmt.Sprintf("var_%s_%02d", p.ID, i), ProductID: p.ID, VendorID: v.ID,
			SKU: in.SKU, Options: in.Options, PriceCents: in.PriceCents, Stock: in.Stock, LowStockThreshold: 1, Position: i,
			CreatedAt: now, UpdatedAt: now})
	}
	if err := st.CreateProduct(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// order is a card order of customer for quantity of variant.
func order(customer string, v domain.Vendor, variant domain.Variant, quantity int) domain.Order {
	hold := now.Add(domain.HoldFor)
	id := domain.NewID("ord")
	return domain.Order{ID: id, Number: domain.NewOrderNumber(), CheckoutID: domain.NewID("chk"), VendorID: v.ID,
		CustomerID: customer, CustomerName: "Buyer", CustomerEmail: customer + "@example.com", Method: domain.PayCard,
		Fulfillment: domain.Ship, FulfillmentStatus: domain.Unfulfilled, PaymentStatus: domain.PaymentPending,
		ShippingAddress: &domain.Address{Name: "B", Line1: "1 Main St", City: "Chicago", State: "IL", PostalCode: "60637", Country: "US"},
		SubtotalCents:   variant.PriceCents * int64(quantity), TotalCents: variant.PriceCents * int64(quantity), Currency: "usd",
		HoldExpiresAt: &hold, CreatedAt: now, UpdatedAt: now,
		Lines: []domain.OrderLine{{ID: domain.NewID("lin"), OrderID: id, VariantID: variant.ID, ProductID: variant.ProductID,
			ProductName: "Shoe", SKU: variant.SKU, UnitCents: variant.PriceCents, Quantity: quantity}}}
}

func stockOf(t *testing.T, st *sqlstore.Store, id string) int {
	t.Helper()
	v, err := st.Variant(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

// Hundreds of buyers race for a few units of one size: exactly those units sell,
// every other buyer is told how many are left (none), and stock ends at zero.
func TestRacingBuyersNeverOversell(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		const buyers, units = 200, 5
		v := vendor(t, st, "Smooth Steps")
		p := product(t, st, v, "Suede Steppers", units, "9", "10")
		size9 := p.Variants[0]
		var wg sync.WaitGroup
		var mu sync.Mutex
		answers := map[string]int{}
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := st.PlaceOrders(context.Background(), []domain.Order{order(fmt.Sprint("buyer-", i), v, size9, 1)}, nil, now)
				var short *domain.InsufficientError
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					answers["placed"]++
				case errors.As(err, &short) && len(short.Short) == 1 && short.Short[0] == (domain.Shortage{VariantID: size9.ID}):
					answers["insufficient"]++
				default:
					answers[err.Error()]++
				}
			}()
		}
		wg.Wait()
		if answers["placed"] != units || answers["insufficient"] != buyers-units || len(answers) != 2 {
			t.Fatalf("answers %v", answers)
		}
		if got := stockOf(t, st, size9.ID); got != 0 {
			t.Fatalf("stock %d, want 0", got)
		}
		if got := stockOf(t, st, p.Variants[1].ID); got != units {
			t.Fatalf("size 10 stock %d, want %d untouched", got, units)
		}
		var orders, lines, negative int
		q := st.DB()
		if err := q.QueryRow(`SELECT COUNT(*) FROM orders`).Scan(&orders); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRow(`SELECT COALESCE(SUM(quantity), 0) FROM order_lines`).Scan(&lines); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRow(`SELECT COUNT(*) FROM variants WHERE stock < 0`).Scan(&negative); err != nil {
			t.Fatal(err)
		}
		if orders != units || lines != units || negative != 0 {
			t.Fatalf("%d orders, %d units, %d negative rows", orders, lines, negative)
		}
	})
}

// A checkout of several vendors is one transaction: when one line is short nothing
// is placed, and every short variant is named.
func TestCheckoutIsAllOrNothing(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		a, b := vendor(t, st, "Alpha"), vendor(t, st, "Bravo")
		pa := product(t, st, a, "Alpha Tee", 3)
		pb := product(t, st, b, "Bravo Hat", 1, "S", "M")
		o1, o2 := order("bea", a, pa.Variants[0], 2), order("bea", b, pb.Variants[0], 2)
		o2.CheckoutID = o1.CheckoutID
		err := st.PlaceOrders(context.Background(), []domain.Order{o1, o2}, nil, now)
		var short *domain.InsufficientError
		if !errors.As(err, &short) || len(short.Short) != 1 || short.Short[0] != (domain.Shortage{VariantID: pb.Variants[0].ID, Available: 1}) {
			t.Fatalf("err %v", err)
		}
		if stockOf(t, st, pa.Variants[0].ID) != 3 {
			t.Fatal("the other vendor's stock was taken")
		}
		if _, err := st.Order(context.Background(), o1.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("an order was stored: %v", err)
		}
	})
}

// An unpaid card order that is closed gives its units and its code use back, once;
// a late payment takes them again while they are there, and fails when they are not.
func TestCloseAndReviveGiveAndTakeStock(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		v := vendor(t, st, "Smooth Steps")
		p := product(t, st, v, "Suede Steppers", 2)
		variant := p.Variants[0]
		o := order("bea", v, variant, 2)
		if err := st.PlaceOrders(ctx, []domain.Order{o}, nil, now); err != nil {
			t.Fatal(err)
		}
		expired, err := st.ExpiredHolds(ctx, now.Add(domain.HoldFor), 10)
		if err != nil || len(expired) != 1 || expired[0] != o.ID {
			t.Fatalf("expired %v %v", expired, err)
		}
		for range 2 {
			if _, err := st.CloseUnpaid(ctx, o.ID, domain.PaymentVoided, "expired", now); err != nil {
				t.Fatal(err)
			}
		}
		if got := stockOf(t, st, variant.ID); got != 2 {
			t.Fatalf("stock after closing twice: %d, want 2", got)
		}
		if ok, err := st.Revive(ctx, o.ID, "pi_late", now); !ok || err != nil {
			t.Fatalf("revive: %v %v", ok, err)
		}
		got, _ := st.Order(ctx, o.ID)
		if got.PaymentStatus != domain.PaymentPaid || got.FulfillmentStatus != domain.Unfulfilled || stockOf(t, st, variant.ID) != 0 {
			t.Fatalf("revived %+v stock %d", got, stockOf(t, st, variant.ID))
		}
		// A second order closed, its units sold to someone else: no revival.
		o2 := order("cy", v, variant, 1)
		stock := 1
		changed, _ := domain.VariantPatch{Stock: &stock}.Apply(variant)
		if err := st.UpdateVariant(ctx, changed, now); err != nil {
			t.Fatal(err)
		}
		if err := st.PlaceOrders(ctx, []domain.Order{o2}, nil, now); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CloseUnpaid(ctx, o2.ID, domain.PaymentVoided, "expired", now); err != nil {
			t.Fatal(err)
		}
		if err := st.PlaceOrders(ctx, []domain.Order{order("dee", v, variant, 1)}, nil, now); err != nil {
			t.Fatal(err)
		}
		var short *domain.InsufficientError
		if ok, err := st.Revive(ctx, o2.ID, "pi_late2", now); ok || !errors.As(err, &short) {
			t.Fatalf("revive without stock: %v %v", ok, err)
		}
		if got, _ := st.Order(ctx, o2.ID); got.FulfillmentStatus != domain.Cancelled || got.PaymentStatus != domain.PaymentVoided {
			t.Fatalf("a failed revival changed the order: %+v", got)
		}
	})
}

// Cancelling gives units back once; a refund with restock after it gives nothing
// more, and a refund with restock of a delivered order gives them back once.
func TestCancelAndRefundRestockOnce(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		v := vendor(t, st, "Smooth Steps")
		variant := product(t, st, v, "Suede Steppers", 5).Variants[0]
		o := order("bea", v, variant, 2)
		if err := st.PlaceOrders(ctx, []domain.Order{o}, nil, now); err != nil {
			t.Fatal(err)
		}
		if ok, err := st.MarkPaid(ctx, o.ID, "pi_1", now); !ok || err != nil {
			t.Fatalf("paid: %v %v", ok, err)
		}
		if ok, _ := st.MarkPaid(ctx, o.ID, "pi_1", now); ok {
			t.Fatal("paid twice")
		}
		if err := st.Fulfil(ctx, o.ID, domain.Unfulfilled, domain.PaymentPaid, domain.Cancelled, domain.PaymentPaid, nil, now); err != nil {
			t.Fatal(err)
		}
		if err := st.Fulfil(ctx, o.ID, domain.Unfulfilled, domain.PaymentPaid, domain.Cancelled, domain.PaymentPaid, nil, now); !errors.Is(err, domain.ErrChanged) {
			t.Fatalf("second cancel: %v", err)
		}
		if err := st.RecordRefund(ctx, o.ID, 0, o.TotalCents, true, now); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Order(ctx, o.ID)
		if stockOf(t, st, variant.ID) != 5 || got.PaymentStatus != domain.PaymentRefunded || got.RefundedCents != o.TotalCents {
			t.Fatalf("after cancel and refund: stock %d, %+v", stockOf(t, st, variant.ID), got)
		}

		d := order("cy", v, variant, 3)
		if err := st.PlaceOrders(ctx, []domain.Order{d}, nil, now); err != nil {
			t.Fatal(err)
		}
		st.MarkPaid(ctx, d.ID, "pi_2", now)
		ship := &domain.Shipment{Carrier: "UPS", TrackingNumber: "1Z1"}
		if err := st.Fulfil(ctx, d.ID, domain.Unfulfilled, domain.PaymentPaid, domain.Shipped, domain.PaymentPaid, ship, now); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordRefund(ctx, d.ID, 0, 1000, false, now); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordRefund(ctx, d.ID, 0, 1000, true, now); !errors.Is(err, domain.ErrChanged) {
			t.Fatalf("a refund over a stale total: %v", err)
		}
		if err := st.RecordRefund(ctx, d.ID, 1000, d.TotalCents, true, now); !errors.Is(err, domain.ErrChanged) {
			t.Fatalf("a refund past the total: %v", err)
		}
		for range 2 {
			got, _ := st.Order(ctx, d.ID)
			if err := st.RecordRefund(ctx, d.ID, got.RefundedCents, 500, true, now); err != nil {
				t.Fatal(err)
			}
		}
		got, _ = st.Order(ctx, d.ID)
		if got.PaymentStatus != domain.PaymentPartiallyRefunded || got.RefundedCents != 2000 || got.Carrier != "UPS" ||
			stockOf(t, st, variant.ID) != 5 {
			t.Fatalf("after partial refunds: %+v stock %d", got, stockOf(t, st, variant.ID))
		}
	})
}

// Racing checkouts never use a code more often than it allows, overall or per
// customer.
func TestRacingRedemptionsKeepDiscountLimits(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		v := vendor(t, st, "Smooth Steps")
		variant := product(t, st, v, "Suede Steppers", 1000).Variants[0]
		overall := domain.Discount{ID: domain.NewID("dsc"), VendorID: v.ID, Code: "TEN", Kind: domain.DiscountPercent,
			Amount: 10, UsageLimit: 7, Active: true, CreatedAt: now}
		perCustomer := domain.Discount{ID: domain.NewID("dsc"), VendorID: v.ID, Code: "ONCE", Kind: domain.DiscountFixed,
			Amount: 100, PerCustomerLimit: 2, Active: true, CreatedAt: now}
		for _, d := range []domain.Discount{overall, perCustomer} {
			if err := st.CreateDiscount(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.CreateDiscount(ctx, domain.Discount{ID: domain.NewID("dsc"), VendorID: v.ID, Code: "TEN", Kind: domain.DiscountFixed, Amount: 1, CreatedAt: now}); !errors.Is(err, domain.ErrDuplicate) {
			t.Fatalf("a second TEN: %v", err)
		}
		race := func(n int, discount, customer func(i int) string) (placed, usedUp int) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					o := order(customer(i), v, variant, 1)
					o.DiscountID = discount(i)
					err := st.PlaceOrders(ctx, []domain.Order{o}, nil, now)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						placed++
					case errors.Is(err, domain.ErrDiscountUsedUp):
						usedUp++
					default:
						t.Errorf("order %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			return placed, usedUp
		}
		placed, usedUp := race(60, func(int) string { return overall.ID }, func(i int) string { return fmt.Sprint("c", i) })
		if placed != 7 || usedUp != 53 {
			t.Fatalf("overall limit 7: %d placed, %d used up", placed, usedUp)
		}
		placed, usedUp = race(40, func(int) string { return perCustomer.ID }, func(i int) string { return fmt.Sprint("p", i%4) })
		if placed != 8 || usedUp != 32 {
			t.Fatalf("2 per customer, 4 customers: %d placed, %d used up", placed, usedUp)
		}
		for _, id := range []string{overall.ID, perCustomer.ID} {
			d, _ := st.Discount(ctx, id)
			if d.UsedCount != map[string]int{overall.ID: 7, perCustomer.ID: 8}[id] {
				t.Fatalf("%s used %d times", d.Code, d.UsedCount)
			}
		}
		// A closed order gives its use back: one more customer gets it.
		orders, _, err := st.Orders(ctx, domain.OrderFilter{CustomerID: "p0", Limit: 10})
		if err != nil || len(orders) != 2 {
			t.Fatalf("p0's orders: %d %v", len(orders), err)
		}
		if _, err := st.CloseUnpaid(ctx, orders[0].ID, domain.PaymentVoided, "expired", now); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.Redemptions(ctx, perCustomer.ID, "p0"); n != 1 {
			t.Fatalf("p0 holds %d uses", n)
		}
		again := order("p0", v, variant, 1)
		again.DiscountID = perCustomer.ID
		if err := st.PlaceOrders(ctx, []domain.Order{again}, nil, now); err != nil {
			t.Fatalf("p0 after a use came back: %v", err)
		}
	})
}

// One buyer's unpaid orders at one vendor are bounded, even when they race.
func TestHoldLimitUnderRacingCheckouts(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		v := vendor(t, st, "Smooth Steps")
		variant := product(t, st, v, "Suede Steppers", 100).Variants[0]
		limit := map[string]holds.Limit{v.ID: domain.HoldLimit(v)}
		var wg sync.WaitGroup
		var mu sync.Mutex
		placed, refused := 0, 0
		for range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := st.PlaceOrders(context.Background(), []domain.Order{order("hoarder", v, variant, 2)}, limit, now)
				var held *domain.HoldLimitError
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					placed++
				} else if errors.As(err, &held) {
					refused++
				} else {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if placed != domain.MaxUnpaidOrdersPerVendor || refused != 12-placed {
			t.Fatalf("%d placed, %d refused", placed, refused)
		}
		// Holds past their expiry no longer count.
		if err := st.PlaceOrders(context.Background(), []domain.Order{order("hoarder", v, variant, 2)}, limit, now.Add(domain.HoldFor)); err != nil {
			t.Fatalf("after the holds lapsed: %v", err)
		}
	})
}

func TestSKUsAreUniquePerVendor(t *testing.T) {
	each(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		a, b := vendor(t, st, "Alpha"), vendor(t, st, "Bravo")
		pa := product(t, st, a, "Alpha Tee", 1, "S", "M")
		product(t, st, b, "Alpha Tee", 1, "S", "M") // the same SKUs at another vendor
		dup := domain.Product{ID: domain.NewID("prd"), VendorID: a.ID, Name: "Another", Category: "OTHER",
			Status: domain.ProductDraft, CreatedAt: now, UpdatedAt: now}
		dup.Variants = []domain.Variant{{ID: domain.NewID("var"), ProductID: dup.ID, VendorID: a.ID,
			SKU: pa.Variants[1].SKU + "", PriceCents: 1, CreatedAt: now, UpdatedAt: now}}
		dup.Variants[0].SKU = toLower(dup.Variants[0].SKU)
		var taken *domain.SKUTakenError
		if err := st.CreateProduct(ctx, &dup); !errors.As(err, &taken) || !errors.Is(err, domain.ErrDuplicate) {
			t.Fatalf("a SKU taken in another case: %v", err)
		}
		if _, err := st.Product(ctx, dup.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("the product was stored: %v", err)
		}
		v := pa.Variants[0]
		v.SKU = pa.Variants[1].SKU
		if err := st.UpdateVariant(ctx, v, now); !errors.As(err, &taken) {
			t.Fatalf("renaming onto a taken SKU: %v", err)
		}
	})
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
