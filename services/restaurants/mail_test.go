package restaurants_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/internal/kit/testenv"
	"stepperslife/services/restaurants/resttest"
)

type mailpitList struct {
	Messages []struct {
		Subject string
		To      []struct{ Address string }
	}
}

// waitForMail polls Mailpit until a message whose subject holds want arrives.
func waitForMail(t *testing.T, api, want string) (to string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		res, err := http.Get(api + "/api/v1/messages")
		if err == nil {
			var l mailpitList
			_ = json.NewDecoder(res.Body).Decode(&l)
			res.Body.Close()
			for _, m := range l.Messages {
				if strings.Contains(m.Subject, want) && len(m.To) > 0 {
					return m.To[0].Address
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no e-mail about %q arrived", want)
	return ""
}

func TestOrderConfirmationEmails(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	o := stripeEnv(t, resttest.Options{})
	o.Env["SMTP_HOST"], o.Env["SMTP_PORT"] = host, strconv.Itoa(port)
	e := resttest.Start(t, o)
	s := newShop(t, e)

	// Pay at pickup: confirmed by e-mail when placed.
	ord := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 2)).Map(t)
	if to := waitForMail(t, api, ord["orderNumber"].(string)); to != resttest.Customer.Email {
		t.Fatalf("sent to %q", to)
	}

	// Card: confirmed only once the verified webhook says it is paid.
	e.Must(200, "POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Owner, nil)
	card := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("card", s.Fries, 1)).Map(t)
	id, number := card["id"].(string), card["orderNumber"].(string)
	body, sig := paymentstest.SignedEvent(t, paymentstest.TestWebhookSecret, "checkout.session.completed",
		paymentstest.CheckoutSession("cs_mail", id, "pi_mail", int64(card["totalCents"].(float64)), nil))
	e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
	waitForMail(t, api, number)
}
