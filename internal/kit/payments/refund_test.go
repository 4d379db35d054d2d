package payments_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/payments/paymentstest"
)

// AlreadyRefunded tells Stripe's "refunded in full already" apart from any other
// refusal or outage, through the error Refund returns.
func TestAlreadyRefundedReadsStripesAnswer(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   bool
	}{
		{400, `{"error":{"type":"invalid_request_error","code":"charge_already_refunded","message":"Charge ch_1 has already been refunded."}}`, true},
		{400, `{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such payment_intent"}}`, false},
		{503, `{"error":{"type":"api_error","message":"Stripe is taking a break"}}`, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(c.status)
			_, _ = io.WriteString(w, c.body)
		}))
		p := payments.New(config.Stripe{SecretKey: config.Secret(paymentstest.TestSecretKey), APIBase: srv.URL}, nil, nil)
		_, err := p.Refund(context.Background(), "pi_1", 0, "refund-o1")
		srv.Close()
		if err == nil || payments.AlreadyRefunded(err) != c.want {
			t.Errorf("%d %s: error %v, AlreadyRefunded %v", c.status, c.body, err, payments.AlreadyRefunded(err))
		}
	}
	if payments.AlreadyRefunded(nil) {
		t.Error("no error is not a refunded charge")
	}
}

// RefundSucceeded says the money went back only when a refund succeeded and none is
// still under way.
func TestRefundSucceededReadsTheRefunds(t *testing.T) {
	refund := func(status string) string {
		return `{"id":"re_` + status + `","object":"refund","amount":500,"status":"` + status + `","payment_intent":"pi_1"}`
	}
	for _, c := range []struct {
		name, list string
		status     int
		want, fail bool
	}{
		{"succeeded", refund("succeeded"), 200, true, false},
		{"pending", refund("pending"), 200, false, false},
		{"one failed, one succeeded", refund("failed") + "," + refund("succeeded"), 200, true, false},
		{"one succeeded, one under way", refund("succeeded") + "," + refund("requires_action"), 200, false, false},
		{"none", "", 200, false, false},
		{"Stripe away", "", 503, false, true},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Query().Get("payment_intent") != "pi_1" {
				w.WriteHeader(400)
				_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","message":"no payment_intent"}}`)
				return
			}
			w.WriteHeader(c.status)
			if c.status != 200 {
				_, _ = io.WriteString(w, `{"error":{"type":"api_error","message":"Stripe is taking a break"}}`)
				return
			}
			_, _ = io.WriteString(w, `{"object":"list","url":"/v1/refunds","has_more":false,"data":[`+c.list+`]}`)
		}))
		p := payments.New(config.Stripe{SecretKey: config.Secret(paymentstest.TestSecretKey), APIBase: srv.URL}, nil, nil)
		got, err := p.RefundSucceeded(context.Background(), "pi_1")
		srv.Close()
		if got != c.want || (err != nil) != c.fail {
			t.Errorf("%s: %v, %v", c.name, got, err)
		}
	}
}
