package domain

import (
	"testing"
	"time"
)

// A refund is the admins' once it has waited on Stripe RefundStuckAfter, and only
// while it is still pending.
func TestRefundStuck(t *testing.T) {
	now := time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		pay  PaymentStatus
		ago  time.Duration
		want bool
	}{
		{PaymentRefundPending, RefundStuckAfter - time.Second, false},
		{PaymentRefundPending, RefundStuckAfter, true},
		{PaymentRefundPending, 3 * RefundStuckAfter, true},
		{PaymentRefunded, 3 * RefundStuckAfter, false},
		{PaymentPaid, 3 * RefundStuckAfter, false},
	} {
		o := Order{PaymentStatus: c.pay, UpdatedAt: now.Add(-c.ago)}
		if got := o.RefundStuck(now); got != c.want {
			t.Errorf("%s asked %v ago: stuck %v, want %v", c.pay, c.ago, got, c.want)
		}
	}
}
