package store_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/store/app"
	"stepperslife/services/store/storetest"
)

func cardServer(t *testing.T, dbURL string) *storetest.Server {
	return storetest.Start(t, storetest.Options{DatabaseURL: dbURL, Env: map[string]string{
		"STRIPE_SECRET_KEY":     paymentstest.TestSecretKey,
		"STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE":       paymentstest.StripeMock(t),
	}})
}

func deliver(t *testing.T, s *storetest.Server, eventID, kind string, object map[string]any) storetest.Response {
	t.Helper()
	body, sig := paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, eventID, kind, object)
	return s.Do("POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig, "Content-Type", "application/json")
}

func connect(t *testing.T, s *storetest.Server, vendorID string, ready bool) {
	t.Helper()
	var account string
	if err := s.Instance.Deps.DB.QueryRow(`SELECT stripe_account_id FROM vendors WHERE id = $1`, vendorID).Scan(&account); err != nil {
		t.Fatal(err)
	}
	if account == "" {
		t.Fatal("no account opened")
	}
	res := deliver(t, s, "evt_account_"+strconv.FormatBool(ready)+"_"+vendorID, "account.updated",
		map[string]any{"object": "account", "id": account, "charges_enabled": ready, "details_submitted": ready})
	if res.Status != 200 {
		t.Fatalf("account.updated: %d %s", res.Status, res.Body)
	}
}

func vendorJSON(t *testing.T, s *storetest.Server, slug string) storeapi.Vendor {
	t.Helper()
	var v storeapi.Vendor
	s.Must(200, "GET", "/api/vendors/"+slug, nil, nil).JSON(t, &v)
	return v
}

// paid delivers Stripe's checkout.session.completed for order o.
func paid(t *testing.T, s *storetest.Server, eventID string, o storeapi.Order, paymentIntent string) storetest.Response {
	t.Helper()
	return deliver(t, s, eventID, "checkout.session.completed",
		paymentstest.CheckoutSession("cs_"+o.ID, o.ID, paymentIntent, o.TotalCents, map[string]string{"orderId": o.ID}))
}

// A card cart of two vendors: refused until each vendor can charge; then one Stripe
// payment per order with the 7% fee, paid only by a verified webhook handled once,
// shipped with tracking, refunded in part and then in full with the items restocked.
func TestCardCheckoutWebhookShipAndRefund(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := cardServer(t, dbURL)
		sh := newShop(t, s)
		cart := storetest.Ship(storetest.Item(sh.shoes.Variants[0].ID, 1), storetest.Item(sh.tee.Variants[0].ID, 2))
		_, res := s.Checkout(buyer, cart)
		if res.Status != 409 || res.Code() != "CONFLICT" || !strings.Contains(string(res.Body), "cannot take card payments yet") {
			t.Fatalf("card before onboarding: %d %s", res.Status, res.Body)
		}
		for _, v := range []struct {
			u  *storetest.Server
			id string
		}{{s, sh.steps.ID}, {s, sh.wear.ID}} {
			who := owner
			if v.id == sh.wear.ID {
				who = other
			}
			var link map[string]string
			s.Must(200, "POST", "/api/vendors/"+v.id+"/payments/connect", who, nil).JSON(t, &link)
			if !strings.HasPrefix(link["url"], "https://") {
				t.Fatalf("onboarding link: %v", link)
			}
		}
		if vendorJSON(t, s, sh.steps.Slug).CardPayments {
			t.Fatal("cardPayments before Stripe says the account can charge")
		}
		connect(t, s, sh.steps.ID, true)
		if _, res := s.Checkout(buyer, cart); res.Status != 409 || !strings.Contains(string(res.Body), "Set Wear cannot take card payments") {
			t.Fatalf("one vendor still onboarding: %d %s", res.Status, res.Body)
		}
		connect(t, s, sh.wear.ID, true)
		if !vendorJSON(t, s, sh.steps.Slug).CardPayments {
			t.Fatal("no cardPayments once the account can charge")
		}
		out, res := s.Checkout(buyer, cart)
		if res.Status != 201 || len(out.Orders) != 2 {
			t.Fatalf("card checkout: %d %s", res.Status, res.Body)
		}
		var a, b storeapi.Order
		for _, o := range out.Orders {
			if o.VendorID == sh.steps.ID {
				a = o
			} else {
				b = o
			}
		}
		// $89.99 + $8 shipping + $9.22 tax = $107.21, 7% = $7.50; $50 + $5 = $55, 7% = $3.85.
		if a.TotalCents != 10721 || a.PlatformFeeCents != 750 || a.CheckoutURL == "" || a.HoldExpiresAt == nil ||
			b.TotalCents != 5500 || b.PlatformFeeCents != 385 || b.CheckoutURL == "" || a.PickupCode != "" {
			t.Fatalf("orders: %+v\n%+v", a, b)
		}
		if available(t, s, sh.shoes.Slug, 0) != 4 {
			t.Fatal("a card checkout holds its units")
		}
		if res := s.Do("POST", "/api/orders/"+a.ID+"/ship", owner, map[string]string{"carrier": "UPS", "trackingNumber": "1Z999"}); res.Code() != "CONFLICT" {
			t.Fatalf("shipping before payment: %s", res.Body)
		}
		evID := paymentstest.NewEventID()
		if res := paid(t, s, evID, a, "pi_a"); res.Status != 200 {
			t.Fatalf("webhook: %d %s", res.Status, res.Body)
		}
		if res := paid(t, s, evID, a, "pi_a"); !strings.Contains(string(res.Body), `"duplicate":true`) {
			t.Fatalf("redelivery: %s", res.Body)
		}
		got := s.Order(buyer, a.ID)
		if got.PaymentStatus != "PAID" || got.PaidAt == nil || got.CheckoutURL != "" {
			t.Fatalf("after payment: %+v", got)
		}
		if m := mails(t, s, buyer.Email); len(m) != 1 || m[0] != "Your order "+a.OrderNumber+" from Smooth Steps" {
			t.Fatalf("confirmation mail once: %v", m)
		}
		// A forged event changes nothing.
		body, _ := paymentstest.SignedEvent(t, "whsec_wrong", "checkout.session.completed",
			paymentstest.CheckoutSession("cs_b", b.ID, "pi_b", b.TotalCents, nil))
		if res := s.Do("POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", paymentstest.Sign("whsec_wrong", body)); res.Status != 400 {
			t.Fatalf("forged webhook: %d", res.Status)
		}
		if got := s.Order(buyer, b.ID); got.PaymentStatus != "PENDING" {
			t.Fatalf("a forged event paid an order: %+v", got)
		}
		var shipped storeapi.Order
		s.Must(200, "POST", "/api/orders/"+a.ID+"/ship", owner, map[string]string{"carrier": "ups", "trackingNumber": "1Z 999 AA1"}).JSON(t, &shipped)
		if shipped.FulfillmentStatus != "SHIPPED" || shipped.TrackingURL != "https://www.ups.com/track?tracknum=1Z999AA1" {
			t.Fatalf("shipped: %+v", shipped)
		}
		if body := mailBody(t, s, "Shipped: your order "+a.OrderNumber+" from Smooth Steps"); !strings.Contains(body, "https://www.ups.com/track?tracknum=1Z999AA1") {
			t.Fatalf("shipped mail:\n%s", body)
		}
		if res := s.Do("POST", "/api/orders/"+a.ID+"/cancel", owner, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("cancelling a shipped order: %s", res.Body)
		}
		s.Must(200, "POST", "/api/orders/"+a.ID+"/deliver", owner, nil)
		// A part back, then the rest with the shoes back on sale; through stripe-mock.
		var r storeapi.Order
		s.Must(200, "POST", "/api/orders/"+a.ID+"/refund", owner, map[string]any{"amountCents": 1000}).JSON(t, &r)
		if r.PaymentStatus != "PARTIALLY_REFUNDED" || r.RefundedCents != 1000 || available(t, s, sh.shoes.Slug, 0) != 4 {
			t.Fatalf("partial refund: %+v", r)
		}
		if res := s.Do("POST", "/api/orders/"+a.ID+"/refund", owner, map[string]any{"amountCents": 10000}); res.Status != 400 {
			t.Fatalf("refunding more than is left: %d %s", res.Status, res.Body)
		}
		s.Must(200, "POST", "/api/orders/"+a.ID+"/refund", owner, map[string]any{"restock": true}).JSON(t, &r)
		if r.PaymentStatus != "REFUNDED" || r.RefundedCents != 10721 || available(t, s, sh.shoes.Slug, 0) != 5 {
			t.Fatalf("full refund: %+v, available %d", r, available(t, s, sh.shoes.Slug, 0))
		}
		// Stripe tells of the refunds it made for us: nothing more to record.
		res = deliver(t, s, paymentstest.NewEventID(), "charge.refunded", paymentstest.Charge("ch_a", "pi_a", 10721, 10721, map[string]string{"client_reference_id": a.ID}))
		if res.Status != 200 || s.Order(buyer, a.ID).RefundedCents != 10721 {
			t.Fatalf("charge.refunded: %d %s", res.Status, res.Body)
		}
		if m := mails(t, s, buyer.Email); len(m) != 4 {
			t.Fatalf("mails: %v", m)
		}
		// The other order: paid, then cancelled before shipping: refunded in full.
		paid(t, s, paymentstest.NewEventID(), b, "pi_b")
		var c storeapi.Order
		s.Must(200, "POST", "/api/orders/"+b.ID+"/cancel", other, map[string]string{"reason": "Out of white tees"}).JSON(t, &c)
		if c.FulfillmentStatus != "CANCELLED" || c.PaymentStatus != "REFUNDED" || c.RefundedCents != 5500 || available(t, s, sh.tee.Slug, 0) != 10 {
			t.Fatalf("cancelled paid order: %+v", c)
		}
		if body := mailBody(t, s, "Cancelled: your order "+b.OrderNumber+" from Set Wear"); !strings.Contains(body, "Out of white tees") || !strings.Contains(body, "$55.00 was refunded") {
			t.Fatalf("cancel mail:\n%s", body)
		}
	})
}

// An abandoned card checkout gives its units back once its 30 minutes are over; a
// payment that comes later takes them again while they are there, and is refunded
// when they are gone.
func TestAbandonedCardCheckoutReturnsItsStock(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := cardServer(t, dbURL)
		sh := newShop(t, s)
		s.Must(200, "POST", "/api/vendors/"+sh.steps.ID+"/payments/connect", owner, nil)
		connect(t, s, sh.steps.ID, true)
		size10 := sh.shoes.Variants[1].ID
		out, res := s.Checkout(buyer, storetest.Ship(storetest.Item(size10, 5)))
		if res.Status != 201 {
			t.Fatalf("checkout: %d %s", res.Status, res.Body)
		}
		o := out.Orders[0]
		if _, res := s.Checkout(storetest.BuyerN(1), storetest.Pickup(storetest.Item(size10, 1))); res.Code() != "INSUFFICIENT_INVENTORY" {
			t.Fatalf("held units must count: %s", res.Body)
		}
		svc := s.Instance.Parts.App.(*app.Service)
		if n, err := svc.ExpireHolds(t.Context()); err != nil || n != 0 {
			t.Fatalf("a hold within its 30 minutes expired: %d %v", n, err)
		}
		// Thirty minutes pass.
		if _, err := s.Instance.Deps.DB.Exec(`UPDATE orders SET hold_expires_at = $1 WHERE id = $2`,
			time.Now().UTC().Add(-time.Second), o.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.ExpireHolds(t.Context()); err != nil || n != 1 {
			t.Fatalf("expired %d: %v", n, err)
		}
		if got := s.Order(buyer, o.ID); got.FulfillmentStatus != "CANCELLED" || got.PaymentStatus != "VOIDED" || got.CheckoutURL != "" ||
			available(t, s, sh.shoes.Slug, 1) != 5 {
			t.Fatalf("after the hold: %+v, available %d", got, available(t, s, sh.shoes.Slug, 1))
		}
		// Paid late while the units are still there: the order comes back.
		if res := paid(t, s, paymentstest.NewEventID(), o, "pi_late"); res.Status != 200 {
			t.Fatalf("late payment: %d %s", res.Status, res.Body)
		}
		if got := s.Order(buyer, o.ID); got.PaymentStatus != "PAID" || got.FulfillmentStatus != "UNFULFILLED" || available(t, s, sh.shoes.Slug, 1) != 0 {
			t.Fatalf("late payment honoured: %+v", got)
		}
		// A second buyer's checkout expires (Stripe says so), its unit is sold to a
		// third, and then the second pays: the money goes back.
		s.Must(200, "PATCH", "/api/variants/"+size10, owner, map[string]any{"stock": 1})
		out, _ = s.Checkout(storetest.BuyerN(2), storetest.Ship(storetest.Item(size10, 1)))
		late := out.Orders[0]
		expired := paymentstest.CheckoutSession("cs_"+late.ID, late.ID, "", late.TotalCents, nil)
		expired["status"], expired["payment_status"] = "expired", "unpaid"
		if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.expired", expired); res.Status != 200 {
			t.Fatalf("expired: %d %s", res.Status, res.Body)
		}
		if _, res := s.Checkout(storetest.BuyerN(3), storetest.Pickup(storetest.Item(size10, 1))); res.Status != 201 {
			t.Fatalf("the freed unit: %d %s", res.Status, res.Body)
		}
		if res := paid(t, s, paymentstest.NewEventID(), late, "pi_too_late"); res.Status != 200 {
			t.Fatalf("too late: %d %s", res.Status, res.Body)
		}
		if got := s.Order(storetest.BuyerN(2), late.ID); got.FulfillmentStatus != "CANCELLED" || got.PaymentStatus != "VOIDED" ||
			available(t, s, sh.shoes.Slug, 1) != 0 {
			t.Fatalf("a payment for sold units: %+v", got)
		}
		failed := paymentstest.PaymentIntent("pi_declined", 100, "requires_payment_method", map[string]string{"client_reference_id": "ord_unknown"})
		if res := deliver(t, s, paymentstest.NewEventID(), "payment_intent.payment_failed", failed); res.Status != http.StatusOK {
			t.Fatalf("an event for no order of ours: %d", res.Status)
		}
	})
}

// A card order its buyer cancelled before paying is not taken back by a payment that
// was already under way: the money goes back.
func TestPaymentForACancelledOrderIsRefunded(t *testing.T) {
	s := cardServer(t, "")
	sh := newShop(t, s)
	s.Must(200, "POST", "/api/vendors/"+sh.steps.ID+"/payments/connect", owner, nil)
	connect(t, s, sh.steps.ID, true)
	out, res := s.Checkout(buyer, storetest.Ship(storetest.Item(sh.shoes.Variants[0].ID, 2)))
	if res.Status != 201 {
		t.Fatalf("checkout: %d %s", res.Status, res.Body)
	}
	o := out.Orders[0]
	var c storeapi.Order
	s.Must(200, "POST", "/api/orders/"+o.ID+"/cancel", buyer, nil).JSON(t, &c)
	if c.FulfillmentStatus != "CANCELLED" || c.PaymentStatus != "VOIDED" || available(t, s, sh.shoes.Slug, 0) != 5 {
		t.Fatalf("cancelled: %+v", c)
	}
	if res := paid(t, s, paymentstest.NewEventID(), o, "pi_after_cancel"); res.Status != 200 {
		t.Fatalf("payment: %d %s", res.Status, res.Body)
	}
	if got := s.Order(buyer, o.ID); got.FulfillmentStatus != "CANCELLED" || got.PaymentStatus != "VOIDED" || available(t, s, sh.shoes.Slug, 0) != 5 {
		t.Fatalf("a payment revived a cancelled order: %+v", got)
	}
}
