package payments_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/payments"
)

// recorder stands in for Stripe's HTTP API only to show what we send and how its
// error answers are mapped; stripe-mock checks the requests are valid API calls but
// neither echoes the fee fields nor can be made to refuse.
type recorder struct {
	mu      sync.Mutex
	form    url.Values
	headers http.Header
	status  int
	answer  string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	rec.mu.Lock()
	rec.form, rec.headers = form, r.Header.Clone()
	status, answer := rec.status, rec.answer
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_test")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, answer)
}

func recording(t *testing.T, status int, answer string) (*payments.Payments, *recorder) {
	t.Helper()
	rec := &recorder{status: status, answer: answer}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	p := payments.New(config.Stripe{SecretKey: "sk_test_1", WebhookSecret: "whsec_1", APIBase: srv.URL}, nil, nil)
	return p, rec
}

func TestCheckoutIsADestinationChargeWithFee(t *testing.T) {
	p, rec := recording(t, 200, `{"id":"cs_test_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_test_1","expires_at":1}`)
	expires := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	s, err := p.CreateCheckout(context.Background(), payments.Checkout{
		ConnectedAccount:    "acct_biz",
		Lines:               []payments.Line{{Name: "Jerk chicken", UnitCents: 1450, Quantity: 2}},
		ApplicationFeeCents: 145,
		SuccessURL:          "https://r.example.com/ok",
		ClientReferenceID:   "order-9",
		Metadata:            map[string]string{"restaurantId": "r1"},
		ExpiresAt:           expires,
		IdempotencyKey:      "order-9-checkout",
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.ID != "cs_test_1" || s.URL == "" {
		t.Fatalf("session %+v", s)
	}
	want := map[string]string{
		"mode": "payment",
		"payment_intent_data[application_fee_amount]":        "145",
		"payment_intent_data[transfer_data][destination]":    "acct_biz",
		"payment_intent_data[metadata][client_reference_id]": "order-9",
		"payment_intent_data[metadata][restaurantId]":        "r1",
		"metadata[restaurantId]":                             "r1",
		"client_reference_id":                                "order-9",
		"line_items[0][quantity]":                            "2",
		"line_items[0][price_data][unit_amount]":             "1450",
		"line_items[0][price_data][currency]":                "usd",
		"line_items[0][price_data][product_data][name]":      "Jerk chicken",
		"expires_at": strconv.FormatInt(expires.Unix(), 10),
	}
	for k, v := range want {
		if got := rec.form.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if got := rec.headers.Get("Idempotency-Key"); got != "order-9-checkout" {
		t.Errorf("Idempotency-Key = %q", got)
	}
	if got := rec.headers.Get("Authorization"); got != "Bearer sk_test_1" {
		t.Errorf("the service's own key was not used: %q", got)
	}
}

func TestRefundReversesTransferAndFee(t *testing.T) {
	p, rec := recording(t, 200, `{"id":"re_1","object":"refund"}`)
	id, err := p.Refund(context.Background(), "pi_9", 700, "refund-9")
	if err != nil || id != "re_1" {
		t.Fatalf("refund = %q, %v", id, err)
	}
	for k, v := range map[string]string{"payment_intent": "pi_9", "amount": "700",
		"refund_application_fee": "true", "reverse_transfer": "true"} {
		if got := rec.form.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if rec.headers.Get("Idempotency-Key") != "refund-9" {
		t.Errorf("Idempotency-Key = %q", rec.headers.Get("Idempotency-Key"))
	}
	if _, err := p.Refund(context.Background(), "pi_9", 0, "refund-9-full"); err != nil {
		t.Fatal(err)
	}
	if rec.form.Has("amount") {
		t.Errorf("a full refund must not send an amount, sent %q", rec.form.Get("amount"))
	}
}

func TestStripeErrorsBecomeContractErrors(t *testing.T) {
	cases := []struct {
		status int
		answer string
		want   errs.Code
	}{
		{400, `{"error":{"type":"invalid_request_error","message":"Amount must be at least 50 cents."}}`, errs.CodeValidation},
		{400, `{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters."}}`, errs.CodeIdempotencyReused},
		{401, `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}`, errs.CodeUnavailable},
		{404, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such payment_intent"}}`, errs.CodeNotFound},
		{429, `{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests"}}`, errs.CodeRateLimited},
	}
	for _, c := range cases {
		t.Run(strconv.Itoa(c.status)+string(c.want), func(t *testing.T) {
			p, _ := recording(t, c.status, c.answer)
			_, err := p.Refund(context.Background(), "pi_1", 0, "k")
			var we *errs.Error
			if !errors.As(err, &we) || we.Code != c.want {
				t.Fatalf("err = %v, want %s", err, c.want)
			}
			if c.status == 401 && we.Message == "" {
				t.Fatal("empty message")
			}
		})
	}
}
