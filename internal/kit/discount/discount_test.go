package discount

import (
	"errors"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

func TestOff(t *testing.T) {
	cases := []struct {
		kind                  Kind
		amount, capCents, sub int64
		want                  int64
	}{
		{Percent, 10, 0, 999, 99}, // rounds down
		{Percent, 100, 0, 5000, 5000},
		{Percent, 50, 1000, 5000, 1000}, // capped
		{Fixed, 700, 0, 500, 500},       // never more than the subtotal
		{Fixed, 300, 0, 500, 300},
		{"BOGUS", 300, 0, 500, 0},
		{Fixed, -5, 0, 500, 0},
	}
	for _, c := range cases {
		if got := Off(c.kind, c.amount, c.capCents, c.sub); got != c.want {
			t.Errorf("Off(%s, %d, cap %d, %d) = %d, want %d", c.kind, c.amount, c.capCents, c.sub, got, c.want)
		}
	}
}

func TestChecks(t *testing.T) {
	bad := map[string]string{}
	CheckAmount(bad, Percent, 50, 100)
	CheckAmount(bad, Fixed, 100, 100)
	CheckUsageLimit(bad, "usageLimit", 0)
	CheckUsageLimit(bad, "usageLimit", MaxUsageLimit)
	if len(bad) != 0 {
		t.Fatalf("good input refused: %v", bad)
	}
	CheckAmount(bad, Percent, 101, 100)
	if bad["amount"] != "a percentage must be from 1 to 100" {
		t.Errorf("percent: %v", bad)
	}
	CheckAmount(bad, Fixed, 101, 100)
	if bad["amount"] != "a fixed discount must be from 1 to 100 cents" {
		t.Errorf("fixed: %v", bad)
	}
	CheckAmount(bad, "HALF", 1, 100)
	if bad["kind"] == "" {
		t.Error("unknown kind passed")
	}
	CheckUsageLimit(bad, "perCustomerLimit", -1)
	if bad["perCustomerLimit"] == "" {
		t.Error("negative limit passed")
	}
	if NormalizeCode("  spring25 ") != "SPRING25" {
		t.Error("NormalizeCode")
	}
}

func TestGuard(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	g := NewGuard(func() time.Time { return now }, "buy without a code")
	for i := 0; i < TriesPerAccount; i++ {
		if err := g.Try("u1", "ev1"); err != nil {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	err := g.Try("u1", "ev1")
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.CodeRateLimited || e.Details["retryAfterSeconds"] != int(Window.Seconds()) {
		t.Fatalf("too many tries: %v", err)
	}
	if e.Message != "Too many discount code attempts. Please try again in 15 minutes, or buy without a code." {
		t.Errorf("message %q", e.Message)
	}
	// Misses close a seller to every account.
	for i := 0; i < MissesPerSeller; i++ {
		g.Miss("ev2", "ev3")
	}
	if err := g.Try("u2", "ev4", "ev3"); err == nil {
		t.Fatal("a seller closed to guesses answered")
	}
	if err := g.Try("u2", "ev4"); err != nil {
		t.Fatalf("an open seller refused: %v", err)
	}
	now = now.Add(Window)
	if err := g.Try("u1", "ev3"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}
