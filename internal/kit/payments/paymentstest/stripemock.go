package paymentstest

import (
	"testing"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/testenv"
)

// Secrets the helpers sign and configure with. stripe-mock accepts any sk_test_ key.
const (
	TestSecretKey     = "sk_test_123"
	TestWebhookSecret = "whsec_test_paymentstest"
)

// StripeMock starts the real stripe-mock on a free port for this test and returns its
// base URL (for config.Stripe.APIBase); it stops when the test ends.
func StripeMock(t testing.TB) string {
	t.Helper()
	return testenv.StripeMock(t)
}

// Config is a card-enabled Stripe configuration pointing at a fresh stripe-mock.
func Config(t testing.TB) config.Stripe {
	t.Helper()
	return config.Stripe{
		SecretKey:     config.Secret(TestSecretKey),
		WebhookSecret: config.Secret(TestWebhookSecret),
		APIBase:       StripeMock(t),
	}
}
