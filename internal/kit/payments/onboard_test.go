package payments_test

import (
	"context"
	"errors"
	"testing"

	"stepperslife/internal/kit/payments"
)

func TestReferenceAndAccountReady(t *testing.T) {
	e := payments.Event{Metadata: map[string]string{"orderId": "ord_1"}}
	if e.Reference("orderId") != "ord_1" || e.Reference("enrollmentId") != "" {
		t.Errorf("metadata reference: %q", e.Reference("orderId"))
	}
	e.ClientReferenceID = "ord_2"
	if e.Reference("orderId") != "ord_2" {
		t.Error("the client reference comes first")
	}

	ready := parse(t, payments.AccountUpdated, map[string]any{"id": "acct_1", "object": "account",
		"charges_enabled": true, "details_submitted": true})
	if id, ok := ready.AccountReady(); id != "acct_1" || !ok {
		t.Errorf("ready account: %q %v", id, ok)
	}
	paused := parse(t, payments.AccountUpdated, map[string]any{"id": "acct_2", "object": "account",
		"charges_enabled": false, "details_submitted": true})
	if id, ok := paused.AccountReady(); id != "acct_2" || ok {
		t.Errorf("paused account: %q %v", id, ok)
	}
	if id, _ := (payments.Event{Type: payments.ChargeRefunded}).AccountReady(); id != "" {
		t.Error("another kind of event named an account")
	}
}

// connector stands in for Stripe's side of Connect.
type connector struct {
	created []string // idempotency keys
	linked  []string // account, refresh, return
	fail    error
}

func (c *connector) CreateExpressAccount(_ context.Context, email, key string) (string, error) {
	if c.fail != nil {
		return "", c.fail
	}
	c.created = append(c.created, key)
	return "acct_new", nil
}

func (c *connector) OnboardingLink(_ context.Context, id, refresh, ret string) (string, error) {
	c.linked = append(c.linked, id, refresh, ret)
	return "https://connect.example/" + id, nil
}

func TestOnboard(t *testing.T) {
	ctx := context.Background()
	c := &connector{}
	var saved string
	link, err := payments.Onboard(ctx, c, payments.Business{Email: "o@example.com", Key: "connect-u1"}, "https://x.example/dashboard",
		func(id string) error { saved = id; return nil })
	if err != nil || link != "https://connect.example/acct_new" || saved != "acct_new" || len(c.created) != 1 || c.created[0] != "connect-u1" {
		t.Fatalf("new account: %q %v saved %q created %v", link, err, saved, c.created)
	}
	if c.linked[1] != "https://x.example/dashboard?connect=retry" || c.linked[2] != "https://x.example/dashboard?connect=done" {
		t.Errorf("links: %v", c.linked)
	}

	// An account already opened is resumed, not opened again.
	c = &connector{}
	if _, err := payments.Onboard(ctx, c, payments.Business{AccountID: "acct_old"}, "/b",
		func(string) error { t.Fatal("saved again"); return nil }); err != nil || len(c.created) != 0 || c.linked[0] != "acct_old" {
		t.Fatalf("resume: %v created %v linked %v", err, c.created, c.linked)
	}

	// A failure to save makes no link.
	c = &connector{}
	boom := errors.New("boom")
	if _, err := payments.Onboard(ctx, c, payments.Business{Key: "k"}, "/b", func(string) error { return boom }); !errors.Is(err, boom) || len(c.linked) != 0 {
		t.Fatalf("save failure: %v %v", err, c.linked)
	}
	c = &connector{fail: boom}
	if _, err := payments.Onboard(ctx, c, payments.Business{Key: "k"}, "/b", func(string) error { return nil }); !errors.Is(err, boom) {
		t.Fatalf("create failure: %v", err)
	}
}

type refunder struct{ keys []string }

func (r *refunder) Refund(_ context.Context, pi string, amount int64, key string) (string, error) {
	if amount != 0 {
		return "", errors.New("not in full")
	}
	r.keys = append(r.keys, pi+" "+key)
	return "re_1", nil
}

func TestRefundLate(t *testing.T) {
	r := &refunder{}
	if err := payments.RefundLate(context.Background(), r, "pi_1", "ord_1"); err != nil || len(r.keys) != 1 || r.keys[0] != "pi_1 late-ord_1" {
		t.Fatalf("refund: %v %v", err, r.keys)
	}
	if err := payments.RefundLate(context.Background(), r, "", "ord_2"); err == nil || len(r.keys) != 1 {
		t.Fatalf("no payment intent: %v %v", err, r.keys)
	}
}
