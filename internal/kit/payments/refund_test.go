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
