package events_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/events/eventstest"
)

func cardServer(t *testing.T, dbURL string) *eventstest.Server {
	return eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL, Env: map[string]string{
		"STRIPE_SECRET_KEY":     paymentstest.TestSecretKey,
		"STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE":       paymentstest.StripeMock(t),
	}})
}

func deliver(t *testing.T, s *eventstest.Server, eventID, kind string, object map[string]any) eventstest.Response {
	t.Helper()
	body, sig := paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, eventID, kind, object)
	return s.Do("POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig, "Content-Type", "application/json")
}

func order(t *testing.T, s *eventstest.Server, id string) eventstest.Order {
	t.Helper()
	var o eventstest.Order
	res := s.Do("GET", "/api/orders/"+id, buyer, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("order: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &o)
	return o
}

// onboard connects the organizer's Stripe account and has Stripe say it can take
// charges.
func onboard(t *testing.T, s *eventstest.Server) {
	t.Helper()
	if res := s.Do("POST", "/api/payments/connect", org, nil); res.Status != 200 {
		t.Fatalf("connect: %d %s", res.Status, res.Body)
	}
	accountUpdated(t, s, true)
}

// accountUpdated delivers Stripe's account.updated for the organizer's account.
func accountUpdated(t *testing.T, s *eventstest.Server, ready bool) {
	t.Helper()
	var account string
	if err := s.Instance.Deps.DB.QueryRow(`SELECT stripe_account_id FROM organizers WHERE user_id = $1`, org.ID).Scan(&account); err != nil {
		t.Fatal(err)
	}
	res := deliver(t, s, "evt_account_"+strconv.FormatBool(ready)+"_"+account, "account.updated",
		map[string]any{"object": "account", "id": account, "charges_enabled": ready, "details_submitted": ready})
	if res.Status != 200 {
		t.Fatalf("account.updated: %d %s", res.Status, res.Body)
	}
}

// cardPayments is what the event's JSON says about paying by card.
func cardPayments(t *testing.T, s *eventstest.Server, eventID string) bool {
	t.Helper()
	var ev struct {
		CardPayments bool `json:"cardPayments"`
	}
	s.Do("GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	return ev.CardPayments
}

func left(t *testing.T, s *eventstest.Server, eventID string) int {
	var ev eventstest.Event
	s.Do("GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	return ev.Tiers[0].Left
}

func TestCardPurchaseWebhookAndRefund(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := cardServer(t, dbURL)
		eventID, tierID := s.PublishedEvent("Card Ball", 4000, 10)
		// The organizer cannot charge yet: the event says so and a card purchase is
		// refused up front, as a conflict with the event's state, not an outage.
		if res := s.Buy(buyer, eventID, tierID, 1, "card"); res.Status != 409 || res.Code() != "CONFLICT" {
			t.Fatalf("card before the organizer onboarded: %d %s", res.Status, res.Body)
		}
		if cardPayments(t, s, eventID) {
			t.Fatal("cardPayments before the organizer onboarded")
		}
		res := s.Do("POST", "/api/payments/connect", org, nil)
		if res.Status != 200 || !strings.Contains(string(res.Body), `"url":"https://`) {
			t.Fatalf("connect: %d %s", res.Status, res.Body)
		}
		// An account opened but not onboarded takes no charges.
		if res := s.Buy(buyer, eventID, tierID, 1, "card"); res.Status != 409 || !strings.Contains(res.Map(t)["error"].(string), "cash at the door") {
			t.Fatalf("card before onboarding is done: %d %s", res.Status, res.Body)
		}
		if cardPayments(t, s, eventID) {
			t.Fatal("cardPayments before onboarding is done")
		}
		accountUpdated(t, s, true)
		if !cardPayments(t, s, eventID) {
			t.Fatal("no cardPayments once the account can take charges")
		}
		var o eventstest.Order
		res = s.Buy(buyer, eventID, tierID, 2, "card")
		res.JSON(t, &o)
		if res.Status != 201 || o.Status != "PENDING" || o.CheckoutURL == "" || o.TotalCents != 8000 || o.FeeCents != 300 {
			t.Fatalf("card order: %d %s", res.Status, res.Body)
		}
		if o.Tickets[0].Status != "PENDING" || left(t, s, eventID) != 8 {
			t.Fatalf("seats must be held: %+v left %d", o.Tickets, left(t, s, eventID))
		}
		session := paymentstest.CheckoutSession("cs_test_1", o.ID, "pi_test_1", 8000, map[string]string{"orderId": o.ID})
		evID := paymentstest.NewEventID()
		if res := deliver(t, s, evID, "checkout.session.completed", session); res.Status != 200 {
			t.Fatalf("webhook: %d %s", res.Status, res.Body)
		}
		paid := order(t, s, o.ID)
		if paid.Status != "COMPLETED" || paid.Tickets[0].Status != "VALID" || paid.Tickets[1].Status != "VALID" {
			t.Fatalf("after payment: %+v", paid)
		}
		// Stripe delivers again: handled once.
		if res := deliver(t, s, evID, "checkout.session.completed", session); res.Status != 200 || !strings.Contains(string(res.Body), `"duplicate":true`) {
			t.Fatalf("redelivery: %d %s", res.Status, res.Body)
		}
		// The webhook's transaction enqueued the tickets' e-mail, once.
		var mails int
		var to string
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*), MAX(to_addrs) FROM kit_outbox_mail WHERE subject = $1`,
			"Your tickets: Card Ball").Scan(&mails, &to); err != nil || mails != 1 || to != buyer.Email {
			t.Fatalf("ticket mail in the outbox: %d to %q (%v)", mails, to, err)
		}
		// A forged event is refused.
		body, _ := paymentstest.SignedEvent(t, "whsec_wrong", "checkout.session.completed", session)
		if res := s.Do("POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", paymentstest.Sign("whsec_wrong", body)); res.Status != 400 {
			t.Fatalf("forged webhook: %d", res.Status)
		}
		// Refund through stripe-mock.
		res = s.Do("POST", "/api/orders/"+o.ID+"/refund", org, nil)
		if res.Status != 200 || !strings.Contains(string(res.Body), `"status":"REFUNDED"`) {
			t.Fatalf("refund: %d %s", res.Status, res.Body)
		}
		if left(t, s, eventID) != 10 {
			t.Fatalf("seats not back after refund: %d", left(t, s, eventID))
		}
		if res := s.Do("POST", "/api/orders/"+o.ID+"/refund", org, nil); res.Status != 409 || res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("second refund: %d %s", res.Status, res.Body)
		}
	})
}

func TestCardCheckoutExpiresOrFails(t *testing.T) {
	s := cardServer(t, "")
	eventID, tierID := s.PublishedEvent("Abandoned Ball", 3000, 2)
	onboard(t, s)
	var abandoned, declined eventstest.Order
	s.Buy(buyer, eventID, tierID, 1, "card").JSON(t, &abandoned)
	s.Buy(buyer, eventID, tierID, 1, "card").JSON(t, &declined)
	if res := s.Buy(buyer, eventID, tierID, 1, "card"); res.Code() != "SOLD_OUT" {
		t.Fatalf("held card seats must count: %s", res.Body)
	}
	expired := paymentstest.CheckoutSession("cs_x", abandoned.ID, "", 3000, nil)
	expired["status"], expired["payment_status"] = "expired", "unpaid"
	if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.expired", expired); res.Status != 200 {
		t.Fatalf("expired: %d %s", res.Status, res.Body)
	}
	failed := paymentstest.PaymentIntent("pi_declined", 3000, "requires_payment_method", map[string]string{"client_reference_id": declined.ID})
	if res := deliver(t, s, paymentstest.NewEventID(), "payment_intent.payment_failed", failed); res.Status != 200 {
		t.Fatalf("failed: %d %s", res.Status, res.Body)
	}
	if o := order(t, s, abandoned.ID); o.Status != "CANCELLED" || o.Tickets[0].Status != "CANCELLED" {
		t.Fatalf("abandoned: %+v", o)
	}
	if o := order(t, s, declined.ID); o.Status != "FAILED" {
		t.Fatalf("declined: %+v", o)
	}
	if left(t, s, eventID) != 2 {
		t.Fatalf("seats not back: %d", left(t, s, eventID))
	}
	// The abandoned buyer pays late while seats are free: the order comes back.
	paid := paymentstest.CheckoutSession("cs_x", abandoned.ID, "pi_late", 3000, nil)
	if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.completed", paid); res.Status != 200 {
		t.Fatalf("late payment: %d %s", res.Status, res.Body)
	}
	if o := order(t, s, abandoned.ID); o.Status != "COMPLETED" || o.Tickets[0].Status != "VALID" || left(t, s, eventID) != 1 {
		t.Fatalf("late payment not honoured: %+v", o)
	}
}

// A buyer who pays after the event was cancelled gets the money back, not a ticket.
func TestLatePaymentForCancelledEventIsRefunded(t *testing.T) {
	s := cardServer(t, "")
	eventID, tierID := s.PublishedEvent("Rained Out Ball", 3000, 5)
	onboard(t, s)
	var o eventstest.Order
	s.Buy(buyer, eventID, tierID, 1, "card").JSON(t, &o)
	if res := s.Do("POST", "/api/events/"+eventID+"/cancel", org, nil); res.Status != 200 {
		t.Fatalf("cancel: %d %s", res.Status, res.Body)
	}
	paid := paymentstest.CheckoutSession("cs_rain", o.ID, "pi_rain", 3000, nil)
	if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.completed", paid); res.Status != 200 {
		t.Fatalf("late payment: %d %s", res.Status, res.Body)
	}
	if got := order(t, s, o.ID); got.Status != "CANCELLED" || got.Tickets[0].Status != "CANCELLED" {
		t.Fatalf("order after a late payment for a cancelled event: %+v", got)
	}
}

// A buyer who pays after the hold ran out and the seat went to someone else gets the
// money back; the webhook commits the refund without completing the order.
func TestLatePaymentForASoldOutTierIsRefunded(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		s := cardServer(t, dbURL)
		eventID, tierID := s.PublishedEvent("Packed Ball", 3000, 1)
		onboard(t, s)
		var o eventstest.Order
		s.Buy(buyer, eventID, tierID, 1, "card").JSON(t, &o)
		expired := paymentstest.CheckoutSession("cs_packed", o.ID, "", 3000, nil)
		expired["status"], expired["payment_status"] = "expired", "unpaid"
		if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.expired", expired); res.Status != 200 {
			t.Fatalf("expired: %d %s", res.Status, res.Body)
		}
		if res := s.Buy(buyer, eventID, tierID, 1, "cash"); res.Status != 201 {
			t.Fatalf("the freed seat: %d %s", res.Status, res.Body)
		}
		paid := paymentstest.CheckoutSession("cs_packed", o.ID, "pi_packed", 3000, nil)
		if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.completed", paid); res.Status != 200 {
			t.Fatalf("late payment: %d %s", res.Status, res.Body)
		}
		if got := order(t, s, o.ID); got.Status != "CANCELLED" || got.Tickets[0].Status != "CANCELLED" || left(t, s, eventID) != 0 {
			t.Fatalf("order after a late payment for a sold-out tier: %+v, left %d", got, left(t, s, eventID))
		}
	})
}

// A card order may mix a paid tier with a free one: the free tickets cost nothing
// and carry no platform fee, and Stripe is not sent a zero-priced line (it refuses
// one).
func TestCardOrderWithAFreeTier(t *testing.T) {
	s := cardServer(t, "")
	eventID, paidTier := s.PublishedEvent("Family Ball", 4000, 10)
	res := s.Do("POST", "/api/events/"+eventID+"/tiers", org, map[string]any{"name": "Kids", "priceCents": 0, "capacity": 10})
	if res.Status != 201 {
		t.Fatalf("free tier: %d %s", res.Status, res.Body)
	}
	var kids struct {
		ID string `json:"id"`
	}
	res.JSON(t, &kids)
	onboard(t, s)
	body := eventstest.PurchaseBody(eventID, paidTier, 1, "card", buyer)
	body["items"] = []map[string]any{{"tierId": paidTier, "quantity": 1}, {"tierId": kids.ID, "quantity": 2}}
	res = s.Do("POST", "/api/tickets/purchase", buyer, body)
	var o eventstest.Order
	res.JSON(t, &o)
	if res.Status != 201 || o.TotalCents != 4000 || o.FeeCents != 150 || len(o.Tickets) != 3 || o.CheckoutURL == "" {
		t.Fatalf("mixed card order: %d %s", res.Status, res.Body)
	}
}
