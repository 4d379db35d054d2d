package store_test

import (
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/services/store/storetest"
)

// mails lists the subjects of the mail in the outbox to address, in order.
func mails(t *testing.T, s *storetest.Server, to string) []string {
	t.Helper()
	rows, err := s.Instance.Deps.DB.Query(`SELECT subject FROM kit_outbox_mail WHERE to_addrs = $1 ORDER BY created_at, id`, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sub string
		if err := rows.Scan(&sub); err != nil {
			t.Fatal(err)
		}
		out = append(out, sub)
	}
	return out
}

func mailBody(t *testing.T, s *storetest.Server, subject string) string {
	t.Helper()
	var body string
	if err := s.Instance.Deps.DB.QueryRow(`SELECT text_body FROM kit_outbox_mail WHERE subject = $1`, subject).Scan(&body); err != nil {
		t.Fatalf("mail %q: %v", subject, err)
	}
	return body
}

// A pickup order at a dance night: confirmed by mail with its code, marked ready
// (mail), and handed over when the vendor scans the buyer's code, which is when a
// pay-at-pickup order is paid.
func TestPickupAtTheSet(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		sh := newShop(t, s)
		out, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.shoes.Variants[1].ID, 1)))
		if res.Status != 201 {
			t.Fatalf("checkout: %d %s", res.Status, res.Body)
		}
		o := out.Orders[0]
		confirm := "Your order " + o.OrderNumber + " from Smooth Steps"
		if got := mails(t, s, buyer.Email); len(got) != 1 || got[0] != confirm {
			t.Fatalf("confirmation: %v", got)
		}
		if body := mailBody(t, s, confirm); !strings.Contains(body, o.PickupCode) || !strings.Contains(body, "Sunday set at the Mansion") ||
			!strings.Contains(body, "pay when you pick it up") {
			t.Fatalf("confirmation body:\n%s", body)
		}
		// The machine: a pickup order is not shipped, nor delivered.
		if res := s.Do("POST", "/api/orders/"+o.ID+"/ship", owner, map[string]string{"carrier": "UPS", "trackingNumber": "1Z"}); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("shipping a pickup order: %s", res.Body)
		}
		if res := s.Do("POST", "/api/orders/"+o.ID+"/deliver", owner, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("delivering an unshipped order: %s", res.Body)
		}
		if res := s.Do("POST", "/api/orders/"+o.ID+"/ready-for-pickup", buyer, nil); res.Status != 403 {
			t.Fatalf("the buyer marks it ready: %d", res.Status)
		}
		var ready storeapi.Order
		s.Must(200, "POST", "/api/orders/"+o.ID+"/ready-for-pickup", owner, nil).JSON(t, &ready)
		if ready.FulfillmentStatus != "READY_FOR_PICKUP" || ready.ReadyAt == nil {
			t.Fatalf("ready: %+v", ready)
		}
		if got := mails(t, s, buyer.Email); len(got) != 2 || !strings.HasPrefix(got[1], "Ready for pickup: your order "+o.OrderNumber) {
			t.Fatalf("ready mail: %v", got)
		}
		// The QR code the buyer shows.
		qr := s.Do("GET", "/api/orders/"+o.ID+"/pickup-qr.png", buyer, nil)
		if qr.Status != 200 || qr.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("qr: %d", qr.Status)
		}
		if res := s.Do("GET", "/api/orders/"+o.ID+"/pickup-qr.png", storetest.BuyerN(9), nil); res.Status != 404 {
			t.Fatalf("another buyer's qr: %d", res.Status)
		}
		if res := s.Do("POST", "/api/orders/"+o.ID+"/picked-up", owner, map[string]string{"code": "AAAAAAAAAAAA"}); res.Status != 409 {
			t.Fatalf("a wrong code: %d %s", res.Status, res.Body)
		}
		var done storeapi.Order
		code := strings.ToLower(o.PickupCode[:6]) + "-" + o.PickupCode[6:]
		s.Must(200, "POST", "/api/vendors/"+sh.steps.ID+"/pickups", owner, map[string]string{"code": code}).JSON(t, &done)
		if done.FulfillmentStatus != "PICKED_UP" || done.PaymentStatus != "PAID" || done.PaidAt == nil || done.PickupCode != "" {
			t.Fatalf("picked up: %+v", done)
		}
		if res := s.Do("POST", "/api/vendors/"+sh.steps.ID+"/pickups", owner, map[string]string{"code": o.PickupCode}); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("a second scan: %s", res.Body)
		}
		if res := s.Do("POST", "/api/orders/"+o.ID+"/cancel", owner, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("cancelling a picked-up order: %s", res.Body)
		}
		// Money given back at the stall, the shoes back on the shelf: the owner only.
		s.Must(201, "POST", "/api/vendors/"+sh.steps.ID+"/team", owner, map[string]string{"email": staffer.Email, "role": "MANAGER"})
		if res := s.Do("POST", "/api/orders/"+o.ID+"/refund", staffer, map[string]any{"restock": true}); res.Status != 403 {
			t.Fatalf("a manager refunds: %d", res.Status)
		}
		var refunded storeapi.Order
		s.Must(200, "POST", "/api/orders/"+o.ID+"/refund", owner, map[string]any{"restock": true}).JSON(t, &refunded)
		if refunded.PaymentStatus != "REFUNDED" || refunded.RefundedCents != o.TotalCents || available(t, s, sh.shoes.Slug, 1) != 5 {
			t.Fatalf("refunded: %+v, available %d", refunded, available(t, s, sh.shoes.Slug, 1))
		}
		if got := mails(t, s, buyer.Email); len(got) != 3 || !strings.HasPrefix(got[2], "Refund for your order") {
			t.Fatalf("refund mail: %v", got)
		}
		if res := s.Do("POST", "/api/orders/"+o.ID+"/refund", owner, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("a second refund: %s", res.Body)
		}
	})
}

// Before it leaves the vendor an order may be cancelled: by its buyer while unpaid,
// by the owner or a manager; its units go back once. A suspended vendor still
// fulfils the orders it has.
func TestCancelAndSuspendedVendorsOrders(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	out, _ := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[0].ID, 3)))
	mine := out.Orders[0]
	if available(t, s, sh.tee.Slug, 0) != 7 {
		t.Fatal("stock not taken")
	}
	if res := s.Do("POST", "/api/orders/"+mine.ID+"/cancel", storetest.BuyerN(5), nil); res.Status != 404 {
		t.Fatalf("a stranger cancels: %d", res.Status)
	}
	var c storeapi.Order
	s.Must(200, "POST", "/api/orders/"+mine.ID+"/cancel", buyer, nil).JSON(t, &c)
	if c.FulfillmentStatus != "CANCELLED" || c.PaymentStatus != "VOIDED" || available(t, s, sh.tee.Slug, 0) != 10 {
		t.Fatalf("cancelled by the buyer: %+v", c)
	}
	if res := s.Do("POST", "/api/orders/"+mine.ID+"/cancel", other, nil); res.Code() != "INVALID_TRANSITION" || available(t, s, sh.tee.Slug, 0) != 10 {
		t.Fatalf("a second cancel: %s", res.Body)
	}
	if got := mails(t, s, buyer.Email); len(got) != 2 || !strings.HasPrefix(got[1], "Cancelled: your order") {
		t.Fatalf("mails: %v", got)
	}
	out, _ = s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[1].ID, 1)))
	open := out.Orders[0]
	s.Must(200, "POST", "/api/admin/vendors/"+sh.wear.ID+"/suspend", admin, map[string]string{"reason": "Late deliveries"})
	if _, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[1].ID, 1))); res.Code() != "ITEM_UNAVAILABLE" {
		t.Fatalf("buying from a suspended vendor: %s", res.Body)
	}
	s.Must(200, "POST", "/api/orders/"+open.ID+"/ready-for-pickup", other, nil)
	var done storeapi.Order
	s.Must(200, "POST", "/api/orders/"+open.ID+"/picked-up", other, map[string]string{"code": open.PickupCode}).JSON(t, &done)
	if done.FulfillmentStatus != "PICKED_UP" {
		t.Fatalf("a suspended vendor's open order: %+v", done)
	}
}
