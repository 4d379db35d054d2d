package domain

import "time"

// RefundStuckAfter is how long a card refund may stay REFUND_PENDING before an admin
// must look at it. Stripe sends charge.refunded within seconds of taking a refund, so
// an order still pending after this lost that webhook or its refund failed at the
// bank, and the customer waits for money nobody is seeing to.
const RefundStuckAfter = time.Hour

// RefundStuck reports whether o's refund has waited on Stripe past RefundStuckAfter
// at now. An order's last change is when its refund was asked of Stripe: nothing else
// moves a REFUND_PENDING order until the refund settles.
func (o Order) RefundStuck(now time.Time) bool {
	return o.PaymentStatus == PaymentRefundPending && !o.UpdatedAt.After(now.Add(-RefundStuckAfter))
}
