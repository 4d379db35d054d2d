package store_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/store/app"
	"stepperslife/services/store/storetest"
)

// Two whole store services on one PostgreSQL database sweep lapsed card checkouts at
// once (their own loops and more rounds besides): every unit comes back exactly once.
func TestTwoReplicasReturnEachLapsedCheckoutOnce(t *testing.T) {
	dbURL := dbtest.PostgresURL(t)
	env := map[string]string{
		"STRIPE_SECRET_KEY":     paymentstest.TestSecretKey,
		"STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE":       paymentstest.StripeMock(t),
	}
	rs := []*storetest.Server{
		storetest.Start(t, storetest.Options{DatabaseURL: dbURL, Env: env}),
		storetest.Start(t, storetest.Options{DatabaseURL: dbURL, Env: env}),
	}
	sh := newShop(t, rs[0])
	rs[0].Must(200, "POST", "/api/vendors/"+sh.steps.ID+"/payments/connect", owner, nil)
	connect(t, rs[0], sh.steps.ID, true)
	size10 := sh.shoes.Variants[1].ID
	const checkouts = 5
	for i := range checkouts {
		if _, res := rs[i%2].Checkout(storetest.BuyerN(i), storetest.Ship(storetest.Item(size10, 1))); res.Status != 201 {
			t.Fatalf("checkout %d: %d %s", i, res.Status, res.Body)
		}
	}
	if got := available(t, rs[1], sh.shoes.Slug, 1); got != 0 {
		t.Fatalf("held units must count: %d available", got)
	}
	d := rs[0].Instance.Deps.DB
	if _, err := d.Exec(`UPDATE orders SET hold_expires_at = $1 WHERE hold_expires_at IS NOT NULL`, time.Now().UTC().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	var closed atomic.Int64
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			n, err := rs[i%2].Instance.Parts.App.(*app.Service).ExpireHolds(t.Context())
			if err != nil {
				t.Error(err)
			}
			closed.Add(int64(n))
		})
	}
	wg.Wait()
	if closed.Load() > checkouts {
		t.Fatalf("%d checkouts closed, there were %d", closed.Load(), checkouts)
	}
	if got := available(t, rs[0], sh.shoes.Slug, 1); got != 5 {
		t.Fatalf("%d available after the holds lapsed, want the 5 in stock", got)
	}
	var open, voided int
	if err := d.QueryRow(`SELECT COUNT(*) FROM orders WHERE hold_expires_at IS NOT NULL`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(`SELECT COUNT(*) FROM orders WHERE payment_status = 'VOIDED' AND fulfillment_status = 'CANCELLED'`).Scan(&voided); err != nil {
		t.Fatal(err)
	}
	if open != 0 || voided != checkouts {
		t.Fatalf("%d still held, %d voided", open, voided)
	}
}
