package restaurants_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/restaurants/resttest"
)

// stripeEnv turns card payments on against stripe-mock, whose Connect accounts have
// finished onboarding (readyStripe).
func stripeEnv(t *testing.T, o resttest.Options) resttest.Options {
	return stripeAt(readyStripe(t, paymentstest.StripeMock(t)), o)
}

func stripeAt(apiBase string, o resttest.Options) resttest.Options {
	o.Env = map[string]string{
		"STRIPE_SECRET_KEY":     paymentstest.TestSecretKey,
		"STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
		"STRIPE_API_BASE":       apiBase,
	}
	return o
}

// readyStripe is the stripe-mock at base behind a proxy that says every Connect
// account can take charges: stripe-mock's one fixed account says it has not finished
// onboarding.
func readyStripe(t *testing.T, base string) string {
	t.Helper()
	mock, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(mock)
	direct := proxy.Director
	proxy.Director = func(r *http.Request) {
		direct(r)
		r.Header.Del("Accept-Encoding") // the answer is rewritten below: keep it plain
	}
	proxy.ModifyResponse = func(res *http.Response) error {
		if res.Request.Method != http.MethodGet || !strings.HasPrefix(res.Request.URL.Path, "/v1/accounts/") {
			return nil
		}
		var account map[string]any
		if err := json.NewDecoder(res.Body).Decode(&account); err != nil {
			return err
		}
		res.Body.Close()
		account["charges_enabled"], account["details_submitted"] = true, true
		body, err := json.Marshal(account)
		if err != nil {
			return err
		}
		res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		res.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}

// A card order is refused up front, before any order or checkout exists, while the
// restaurant's Stripe account cannot take charges; the restaurant's JSON says whether
// it can. Once Stripe says it can, the next card order goes through.
func TestCardRefusedUntilTheAccountCanCharge(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		mock := paymentstest.StripeMock(t)
		for _, c := range []struct {
			stripe string
			ready  bool
		}{{mock, false}, {readyStripe(t, mock), true}} {
			e := resttest.Start(t, stripeAt(c.stripe, o))
			s := newShop(t, e)
			cardPayments := func() any { return e.Must(200, "GET", "/api/restaurants/"+s.Slug, nil, nil).Map(t)["cardPayments"] }
			e.Must(200, "POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Owner, nil)
			if got := cardPayments(); got != false {
				t.Fatalf("cardPayments before Stripe said the account is ready: %v", got)
			}
			r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("card", s.Wings, 1))
			if !c.ready {
				if r.Status != 409 || r.Code() != "CONFLICT" || !strings.Contains(string(r.Body), "cannot take cards yet") {
					t.Fatalf("card order while onboarding: %d %s", r.Status, r.Body)
				}
				if mine := e.Must(200, "GET", "/api/me/orders", &resttest.Customer, nil).Map(t)["items"].([]any); len(mine) != 0 {
					t.Fatalf("a refused card order was stored: %v", mine)
				}
				e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 1))
				continue
			}
			if r.Status != 201 {
				t.Fatalf("card order once ready: %d %s", r.Status, r.Body)
			}
			if got := cardPayments(); got != true {
				t.Fatalf("cardPayments once ready: %v", got)
			}
		}
	})
}

func TestCardOrderPaidOnlyByVerifiedWebhook(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, stripeEnv(t, o))
		s := newShop(t, e)

		// Before onboarding the restaurant takes no cards.
		if r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("card", s.Wings, 1)); r.Status != 409 {
			t.Fatalf("card before onboarding: %d %s", r.Status, r.Body)
		}
		e.Must(403, "POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Manager, nil)
		link := e.Must(200, "POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Owner, nil).Map(t)
		if link["url"] == "" {
			t.Fatalf("onboarding link: %v", link)
		}
		setup := e.Must(200, "GET", "/api/restaurants/"+s.ID+"/payments", &resttest.Owner, nil).Map(t)
		if setup["cardPayments"] != true || !strings.HasPrefix(setup["accountId"].(string), "acct_") {
			t.Fatalf("payment setup: %v", setup)
		}

		ord := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("card", s.Wings, 2)).Map(t)
		id := ord["id"].(string)
		total := int64(ord["totalCents"].(float64))
		if ord["paymentStatus"] != "AWAITING_PAYMENT" || ord["checkoutUrl"] == nil || ord["checkoutUrl"] == "" {
			t.Fatalf("card order: %v", ord)
		}
		if fee := int64(ord["platformFeeCents"].(float64)); fee != (total*500+5000)/10000 {
			t.Fatalf("platform fee %d of %d", fee, total)
		}
		// Unpaid card orders wait: the kitchen cannot confirm them.
		if r := e.Do("PATCH", "/api/orders/"+id, &resttest.Staff, map[string]string{"status": "CONFIRMED"}); r.Status != 409 {
			t.Fatalf("confirm unpaid: %d %s", r.Status, r.Body)
		}
		session := paymentstest.CheckoutSession("cs_test_1", id, "pi_test_1", total, map[string]string{"orderId": id})

		// A forged event is refused and changes nothing.
		body, _ := paymentstest.SignedEvent(t, "whsec_wrong", "checkout.session.completed", session)
		r := e.Do("POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", paymentstest.Sign("whsec_wrong", body))
		if r.Status != 400 {
			t.Fatalf("bad signature: %d %s", r.Status, r.Body)
		}
		if got := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)["paymentStatus"]; got != "AWAITING_PAYMENT" {
			t.Fatalf("forged event paid the order: %v", got)
		}
		unsigned := paymentstest.EventJSON(t, paymentstest.NewEventID(), "checkout.session.completed", session)
		if r := e.Do("POST", "/api/webhooks/stripe", nil, unsigned); r.Status != 400 {
			t.Fatalf("unsigned: %d %s", r.Status, r.Body)
		}

		// The real event pays it, once.
		evID := paymentstest.NewEventID()
		body, sig := paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, evID, "checkout.session.completed", session)
		r = e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
		if r.Map(t)["duplicate"] != false {
			t.Fatalf("first delivery: %s", r.Body)
		}
		paid := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)
		if paid["paymentStatus"] != "PAID" {
			t.Fatalf("after webhook: %v", paid)
		}
		body, sig = paymentstest.SignedEventWithID(t, paymentstest.TestWebhookSecret, evID, "checkout.session.completed", session)
		r = e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
		if r.Map(t)["duplicate"] != true {
			t.Fatalf("redelivery not seen as duplicate: %s", r.Body)
		}
		// Another event about the same payment changes nothing either.
		body, sig = paymentstest.SignedEvent(t, paymentstest.TestWebhookSecret, "checkout.session.completed", session)
		e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
		again := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)
		if again["paymentStatus"] != "PAID" || again["updatedAt"] != paid["updatedAt"] {
			t.Fatalf("paid twice: %v then %v", paid, again)
		}

		// Now the kitchen runs it, and only the owner refunds through Stripe.
		for _, st := range []string{"CONFIRMED", "PREPARING", "READY_FOR_PICKUP", "COMPLETED"} {
			e.Must(200, "PATCH", "/api/orders/"+id, &resttest.Staff, map[string]string{"status": st})
		}
		e.Must(409, "PATCH", "/api/orders/"+id, &resttest.Manager, map[string]string{"status": "REFUNDED"})
		ref := e.Must(200, "PATCH", "/api/orders/"+id, &resttest.Owner, map[string]string{"status": "REFUNDED"}).Map(t)
		if ref["status"] != "REFUNDED" || ref["paymentStatus"] != "REFUND_PENDING" {
			t.Fatalf("refund: %v", ref)
		}
		body, sig = paymentstest.SignedEvent(t, paymentstest.TestWebhookSecret, "charge.refunded",
			paymentstest.Charge("ch_1", "pi_test_1", total, total, nil))
		e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
		if got := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)["paymentStatus"]; got != "REFUNDED" {
			t.Fatalf("after charge.refunded: %v", got)
		}

		// An abandoned checkout cancels its order when Stripe says it expired.
		id2 := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("card", s.Fries, 1)).Map(t)["id"].(string)
		o2 := e.Must(200, "GET", "/api/orders/"+id2, &resttest.Owner, nil).Map(t)
		expired := paymentstest.CheckoutSession("cs_other", id2, "", int64(o2["totalCents"].(float64)), nil)
		expired["status"], expired["payment_status"] = "expired", "unpaid"
		body, sig = paymentstest.SignedEvent(t, paymentstest.TestWebhookSecret, "checkout.session.expired", expired)
		e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
		if got := e.Must(200, "GET", "/api/orders/"+id2, &resttest.Owner, nil).Map(t); got["status"] != "CANCELLED" || got["paymentStatus"] != "NOT_COLLECTED" {
			t.Fatalf("expired checkout: %v", got)
		}
	})
}

func TestCardOffWithoutStripeKeys(t *testing.T) {
	e := resttest.Start(t, resttest.Options{})
	s := newShop(t, e)
	r := e.Do("POST", "/api/orders", &resttest.Customer, s.order("card", s.Wings, 1))
	if r.Status != 503 || r.Code() != "UNAVAILABLE" || !strings.Contains(string(r.Body), "Card payment is off") {
		t.Fatalf("card without keys: %d %s", r.Status, r.Body)
	}
	e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 1))
	if r := e.Do("POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Owner, nil); r.Status != 503 {
		t.Fatalf("onboarding without keys: %d %s", r.Status, r.Body)
	}
	if got := e.Must(200, "GET", "/api/restaurants/"+s.ID+"/payments", &resttest.Owner, nil).Map(t); got["cardPayments"] != false {
		t.Fatalf("setup: %v", got)
	}
}
