package sqlstore

import (
	"context"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/holds"
	"stepperslife/services/events/domain"
)

// checkHoldLimit refuses an unpaid order o when its buyer's unpaid orders at the
// event leave no room for it under limit. It runs first in the order's transaction
// and serialises the buyer's orders at the event until the commit (SQLite's write
// transactions are serial already; PostgreSQL takes an advisory lock), so parallel
// requests cannot all pass on the same count.
func checkHoldLimit(ctx context.Context, q querier, dialect db.Dialect, o domain.Order, limit holds.Limit, now time.Time) error {
	if dialect == db.Postgres {
		if _, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
			"events-holds:"+o.EventID+":"+o.BuyerID); err != nil {
			return err
		}
	}
	held, err := heldBy(ctx, q, o.EventID, o.BuyerID, now)
	if err != nil {
		return err
	}
	if !limit.Allows(held, len(o.Tickets)) {
		return &domain.HoldLimitError{Held: held}
	}
	return nil
}

// heldBy sums what buyerID holds unpaid at eventID at now. A hold past its expiry
// that the sweeper has not closed yet no longer counts against the buyer.
func heldBy(ctx context.Context, q querier, eventID, buyerID string, now time.Time) (holds.Held, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.hold_expires_at, (SELECT COUNT(*) FROM tickets t WHERE t.order_id = o.id)
		FROM orders o WHERE o.buyer_id = $1 AND o.event_id = $2 AND o.status IN ($3, $4) AND o.hold_expires_at > $5`,
		buyerID, eventID, string(domain.OrderPending), string(domain.OrderPendingPayment), now.UTC())
	if err != nil {
		return holds.Held{}, err
	}
	defer rows.Close()
	var h holds.Held
	for rows.Next() {
		var until time.Time
		var tickets int
		if err := rows.Scan(&until, &tickets); err != nil {
			return holds.Held{}, err
		}
		h.Orders++
		h.Units += tickets
		if h.Until.IsZero() || until.Before(h.Until) {
			h.Until = until.UTC()
		}
	}
	return h, rows.Err()
}
