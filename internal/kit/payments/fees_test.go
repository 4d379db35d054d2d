package payments

import (
	"math"
	"testing"
	"time"
)

func TestPercentFee(t *testing.T) {
	cases := []struct {
		total, bp, want int64
	}{
		{10000, 500, 500},                        // 5% of $100
		{1999, 500, 100},                         // 99.95 rounds half up to 100
		{1990, 500, 100},                         // 99.5 → 100
		{1989, 500, 99},                          // 99.45 → 99
		{10, 500, 1},                             // 0.5 → 1
		{9, 500, 0},                              // 0.45 → 0
		{1, 5000, 1},                             // 0.5 → 1, and never above the total
		{12345, 290, 358},                        // 357.99 → 358
		{0, 500, 0},                              // nothing sold, no fee
		{-500, 500, 0},                           // never negative
		{1000, -100, 0},                          // a negative rate is no fee
		{1000, 0, 0},                             // no rate
		{1000, 10000, 1000},                      // 100%
		{1000, 25000, 1000},                      // never above the total
		{math.MaxInt64, 500, 461168601842738790}, // no overflow
	}
	for _, c := range cases {
		if got := PercentFee(c.total, c.bp); got != c.want {
			t.Errorf("PercentFee(%d, %d) = %d, want %d", c.total, c.bp, got, c.want)
		}
	}
}

func TestPerUnitFee(t *testing.T) {
	cases := []struct{ units, cents, want int64 }{
		{3, 75, 225},
		{1, 0, 0},
		{0, 75, 0},
		{-2, 75, 0},
		{2, -75, 0},
	}
	for _, c := range cases {
		if got := PerUnitFee(c.units, c.cents); got != c.want {
			t.Errorf("PerUnitFee(%d, %d) = %d, want %d", c.units, c.cents, got, c.want)
		}
	}
}

func TestCapFee(t *testing.T) {
	cases := []struct{ fee, total, want int64 }{{50, 100, 50}, {150, 100, 100}, {-5, 100, 0}, {5, 0, 0}}
	for _, c := range cases {
		if got := CapFee(c.fee, c.total); got != c.want {
			t.Errorf("CapFee(%d, %d) = %d, want %d", c.fee, c.total, got, c.want)
		}
	}
}

func TestClampExpiry(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		at   time.Time
		want time.Time
	}{
		{"zero keeps Stripe's default", time.Time{}, time.Time{}},
		{"too soon moves to the minimum", now.Add(5 * time.Minute), now.Add(MinCheckoutLifetime)},
		{"in the past moves to the minimum", now.Add(-time.Hour), now.Add(MinCheckoutLifetime)},
		{"inside the window stays", now.Add(2 * time.Hour), now.Add(2 * time.Hour)},
		{"too late moves to the maximum", now.Add(48 * time.Hour), now.Add(MaxCheckoutLifetime)},
	}
	for _, c := range cases {
		if got := clampExpiry(c.at, now); !got.Equal(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	if MinCheckoutLifetime < 30*time.Minute || MaxCheckoutLifetime > 24*time.Hour {
		t.Error("the bounds must sit inside Stripe's 30 minutes to 24 hours")
	}
}
