package payments_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/internal/kit/web"
)

func mockPayments(t *testing.T) *payments.Payments {
	t.Helper()
	p := payments.New(paymentstest.Config(t), nil, nil)
	if !p.Enabled() {
		t.Fatal("payments with a secret key should be enabled")
	}
	return p
}

func TestConnectAgainstStripeMock(t *testing.T) {
	p := mockPayments(t)
	ctx := context.Background()

	acct, err := p.CreateExpressAccount(ctx, "owner@example.com", "connect-biz-1")
	if err != nil {
		t.Fatalf("create account: %v", err)
	}
	if !strings.HasPrefix(acct, "acct_") {
		t.Fatalf("account id %q, want acct_…", acct)
	}

	link, err := p.OnboardingLink(ctx, acct, "https://example.com/refresh", "https://example.com/return")
	if err != nil {
		t.Fatalf("onboarding link: %v", err)
	}
	if !strings.HasPrefix(link, "https://") {
		t.Fatalf("onboarding link %q is not a URL", link)
	}

	// stripe-mock answers its fixed example account; the call must parse it.
	if _, err := p.AccountStatus(ctx, acct); err != nil {
		t.Fatalf("account status: %v", err)
	}
}

func TestCheckoutAndRefundAgainstStripeMock(t *testing.T) {
	p := mockPayments(t)
	ctx := context.Background()
	c := payments.Checkout{
		ConnectedAccount:    "acct_1032D82eZvKYlo2C",
		Currency:            "usd",
		Lines:               []payments.Line{{Name: "General admission", UnitCents: 2500, Quantity: 2}, {Name: "VIP", UnitCents: 7500, Quantity: 1}},
		ApplicationFeeCents: payments.PercentFee(12500, 500),
		SuccessURL:          "https://events.example.com/orders/o1?session={CHECKOUT_SESSION_ID}",
		CancelURL:           "https://events.example.com/orders/o1",
		ClientReferenceID:   "o1",
		Metadata:            map[string]string{"orderId": "o1"},
		ExpiresAt:           time.Now().Add(time.Hour),
		IdempotencyKey:      "checkout-o1",
	}
	s, err := p.CreateCheckout(ctx, c)
	if err != nil {
		t.Fatalf("create checkout: %v", err)
	}
	if !strings.HasPrefix(s.ID, "cs_") || s.URL == "" {
		t.Fatalf("checkout session %+v, want a cs_ id and a URL", s)
	}

	if err := p.ExpireCheckout(ctx, s.ID); err != nil {
		t.Fatalf("expire checkout: %v", err)
	}

	refund, err := p.Refund(ctx, "pi_123", 0, "refund-o1")
	if err != nil {
		t.Fatalf("full refund: %v", err)
	}
	if !strings.HasPrefix(refund, "re_") {
		t.Fatalf("refund id %q, want re_…", refund)
	}
	if _, err := p.Refund(ctx, "pi_123", 500, "refund-o1-part"); err != nil {
		t.Fatalf("partial refund: %v", err)
	}
}

func TestIdempotencyKeyRequired(t *testing.T) {
	p := mockPayments(t)
	ctx := context.Background()
	c := payments.Checkout{ConnectedAccount: "acct_1", Lines: []payments.Line{{Name: "x", UnitCents: 100, Quantity: 1}},
		SuccessURL: "https://example.com/ok"}
	if _, err := p.CreateCheckout(ctx, c); !errors.Is(err, payments.ErrNoIdempotencyKey) {
		t.Errorf("checkout without key: err = %v", err)
	}
	if _, err := p.Refund(ctx, "pi_1", 0, ""); !errors.Is(err, payments.ErrNoIdempotencyKey) {
		t.Errorf("refund without key: err = %v", err)
	}
	if _, err := p.CreateExpressAccount(ctx, "a@example.com", ""); !errors.Is(err, payments.ErrNoIdempotencyKey) {
		t.Errorf("account without key: err = %v", err)
	}
}

func TestCheckoutValidation(t *testing.T) {
	p := mockPayments(t)
	base := payments.Checkout{ConnectedAccount: "acct_1", Lines: []payments.Line{{Name: "x", UnitCents: 100, Quantity: 1}},
		SuccessURL: "https://example.com/ok", IdempotencyKey: "k"}
	cases := map[string]func(c *payments.Checkout){
		"no account":      func(c *payments.Checkout) { c.ConnectedAccount = "" },
		"no lines":        func(c *payments.Checkout) { c.Lines = nil },
		"zero quantity":   func(c *payments.Checkout) { c.Lines[0].Quantity = 0 },
		"negative price":  func(c *payments.Checkout) { c.Lines[0].UnitCents = -1 },
		"fee above total": func(c *payments.Checkout) { c.ApplicationFeeCents = 101 },
		"negative fee":    func(c *payments.Checkout) { c.ApplicationFeeCents = -1 },
		"no success URL":  func(c *payments.Checkout) { c.SuccessURL = "" },
		"unnamed line":    func(c *payments.Checkout) { c.Lines[0].Name = " " },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			c := base
			c.Lines = append([]payments.Line(nil), base.Lines...)
			mutate(&c)
			_, err := p.CreateCheckout(context.Background(), c)
			var we *errs.Error
			if !errors.As(err, &we) || we.Code != errs.CodeValidation {
				t.Fatalf("err = %v, want VALIDATION_FAILED", err)
			}
		})
	}
}

func TestCardPaymentsOff(t *testing.T) {
	p := payments.New(config.Stripe{}, nil, nil)
	if p.Enabled() {
		t.Fatal("no secret key must mean card payments off")
	}
	ctx := context.Background()
	calls := map[string]func() error{
		"account": func() error { _, err := p.CreateExpressAccount(ctx, "a@example.com", "k"); return err },
		"link":    func() error { _, err := p.OnboardingLink(ctx, "acct_1", "https://a", "https://b"); return err },
		"status":  func() error { _, err := p.AccountStatus(ctx, "acct_1"); return err },
		"checkout": func() error {
			_, err := p.CreateCheckout(ctx, payments.Checkout{IdempotencyKey: "k"})
			return err
		},
		"refund": func() error { _, err := p.Refund(ctx, "pi_1", 0, "k"); return err },
		"expire": func() error { return p.ExpireCheckout(ctx, "cs_1") },
	}
	for name, call := range calls {
		err := call()
		var we *errs.Error
		if !errors.As(err, &we) || we.Code != errs.CodeUnavailable || web.Status(we) != http.StatusServiceUnavailable {
			t.Errorf("%s: err = %v, want UNAVAILABLE", name, err)
			continue
		}
		if we.Message != "Card payment is off for this service; choose another payment method." {
			t.Errorf("%s: message %q", name, we.Message)
		}
	}
	var nilP *payments.Payments
	if nilP.Enabled() {
		t.Error("a nil *Payments must report card payments off")
	}
}
