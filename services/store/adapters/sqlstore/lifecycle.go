package sqlstore

import (
	"context"
	"errors"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/store/domain"
)

// MarkPaid records a card order's payment: it reports false, changing nothing, when
// the order is no longer waiting for it (paid already, or closed).
func (s *Store) MarkPaid(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error) {
	res, err := s.q().ExecContext(ctx, `UPDATE orders SET payment_status = $2, paid_at = $3, hold_expires_at = NULL,
		updated_at = $3, payment_intent_id = CASE WHEN $4 = '' THEN payment_intent_id ELSE $4 END
		WHERE id = $1 AND payment_status = $5 AND fulfillment_status = $6`,
		orderID, string(domain.PaymentPaid), now.UTC(), paymentIntentID, string(domain.PaymentPending), string(domain.Unfulfilled))
	err = oneRow(res, err)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	return err == nil, wrap("mark order paid", orderID, err)
}

// CloseUnpaid closes an order never paid because its hold lapsed, its payment ending
// as pay (FAILED or VOIDED): its code use and its units go back, and it is marked
// lapsed, so a payment that arrives late may take it back (Revive). It reports false, changing nothing,
// when the order was paid or closed meanwhile.
func (s *Store) CloseUnpaid(ctx context.Context, orderID string, pay domain.PaymentStatus, reason string, now time.Time) (bool, error) {
	done := false
	err := s.tx(ctx, func(q db.Querier) error {
		res, err := q.ExecContext(ctx, `UPDATE orders SET payment_status = $2, fulfillment_status = $3, cancelled_at = $4,
			updated_at = $4, hold_expires_at = NULL, cancel_reason = $5, restocked = TRUE, lapsed = TRUE
			WHERE id = $1 AND payment_status = $6 AND fulfillment_status IN ($7, $8)`,
			orderID, string(pay), string(domain.Cancelled), now.UTC(), reason, string(domain.PaymentPending),
			string(domain.Unfulfilled), string(domain.ReadyForPickup))
		if err := oneRow(res, err); errors.Is(err, domain.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		done = true
		// The code's row before the variants', the order PlaceOrders locks them in.
		if err := releaseDiscount(ctx, q, orderID); err != nil {
			return err
		}
		return restock(ctx, q, orderID)
	})
	return done, wrap("close unpaid order", orderID, err)
}

// Revive takes back the units and code use of a card order whose hold lapsed, for a
// payment that arrived after, and marks it paid. It fails with a
// *domain.InsufficientError when the units were sold meanwhile, and with
// domain.ErrDiscountUsedUp when the code's uses ran out; nothing changes then. It
// reports false when the order did not lapse (a person cancelled it, or it is open).
func (s *Store) Revive(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error) {
	done := false
	err := s.tx(ctx, func(q db.Querier) error {
		res, err := q.ExecContext(ctx, `UPDATE orders SET payment_status = $2, fulfillment_status = $3, paid_at = $4,
			updated_at = $4, cancelled_at = NULL, cancel_reason = '', restocked = FALSE, lapsed = FALSE,
			payment_intent_id = CASE WHEN $5 = '' THEN payment_intent_id ELSE $5 END
			WHERE id = $1 AND method = $6 AND payment_status IN ($7, $8) AND fulfillment_status = $9 AND lapsed = TRUE`,
			orderID, string(domain.PaymentPaid), string(domain.Unfulfilled), now.UTC(), paymentIntentID, string(domain.PayCard),
			string(domain.PaymentFailed), string(domain.PaymentVoided), string(domain.Cancelled))
		if err := oneRow(res, err); errors.Is(err, domain.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		os, err := readOrders(ctx, q, `SELECT `+orderCols+orderFrom+` WHERE o.id = $1`, orderID)
		if err != nil {
			return err
		}
		if o := os[0]; o.DiscountID != "" {
			if err := takeDiscount(ctx, q, o, now, false); err != nil {
				return err
			}
		}
		if err := takeStock(ctx, q, stockOf(os)); err != nil {
			return err
		}
		done = true
		return nil
	})
	return done, wrap("revive order", orderID, err)
}

// Fulfil moves an order from fulfilment status from (and payment status fromPay) to
// to and pay, recording the shipment when one is given and the time of the move;
// domain.ErrChanged when the order moved meanwhile. Cancelling gives the order's
// units (unless given back already) and code use back.
func (s *Store) Fulfil(ctx context.Context, orderID string, from domain.FulfillmentStatus, fromPay domain.PaymentStatus,
	to domain.FulfillmentStatus, pay domain.PaymentStatus, shipment *domain.Shipment, now time.Time) error {
	stamp := map[domain.FulfillmentStatus]string{domain.Shipped: "shipped_at", domain.Delivered: "delivered_at",
		domain.ReadyForPickup: "ready_at", domain.PickedUp: "picked_up_at", domain.Cancelled: "cancelled_at"}[to]
	if stamp == "" {
		return wrap("fulfil order", orderID, errors.New("no move to "+string(to)))
	}
	var a db.Args
	set := `fulfillment_status = ` + a.Add(string(to)) + `, payment_status = ` + a.Add(string(pay)) + `, updated_at = ` +
		a.Add(now.UTC()) + `, ` + stamp + ` = ` + a.Add(now.UTC()) + `, hold_expires_at = NULL`
	if pay == domain.PaymentPaid && fromPay != domain.PaymentPaid {
		set += `, paid_at = ` + a.Add(now.UTC())
	}
	if shipment != nil {
		set += `, carrier = ` + a.Add(shipment.Carrier) + `, tracking_number = ` + a.Add(shipment.TrackingNumber)
	}
	return wrap("fulfil order", orderID, s.tx(ctx, func(q db.Querier) error {
		var restocked bool
		err := q.QueryRowContext(ctx, `UPDATE orders SET `+set+` WHERE id = `+a.Add(orderID)+` AND fulfillment_status = `+
			a.Add(string(from))+` AND payment_status = `+a.Add(string(fromPay))+` RETURNING restocked`, a.Values()...).Scan(&restocked)
		if err := notFound(err); errors.Is(err, domain.ErrNotFound) {
			return domain.ErrChanged
		} else if err != nil {
			return err
		}
		if to != domain.Cancelled {
			return nil
		}
		if err := releaseDiscount(ctx, q, orderID); err != nil {
			return err
		}
		if restocked {
			return nil
		}
		if _, err := q.ExecContext(ctx, `UPDATE orders SET restocked = TRUE WHERE id = $1`, orderID); err != nil {
			return err
		}
		return restock(ctx, q, orderID)
	}))
}

// RecordRefund records amount given back on an order that had refunded refundedBefore
// so far (domain.ErrChanged when another refund was recorded meanwhile); the payment
// becomes REFUNDED once everything is back, PARTIALLY_REFUNDED before. With restock
// the order's units go back on sale, once.
func (s *Store) RecordRefund(ctx context.Context, orderID string, refundedBefore, amount int64, restockUnits bool, now time.Time) error {
	return wrap("record refund of order", orderID, s.tx(ctx, func(q db.Querier) error {
		var restocked bool
		err := q.QueryRowContext(ctx, `UPDATE orders SET refunded_cents = refunded_cents + $2,
			payment_status = CASE WHEN refunded_cents + $2 >= total_cents THEN $3 ELSE $4 END, updated_at = $5
			WHERE id = $1 AND refunded_cents = $6 AND refunded_cents + $2 <= total_cents AND payment_status IN ($7, $8)
			RETURNING restocked`,
			orderID, amount, string(domain.PaymentRefunded), string(domain.PaymentPartiallyRefunded), now.UTC(),
			refundedBefore, string(domain.PaymentPaid), string(domain.PaymentPartiallyRefunded)).Scan(&restocked)
		if err := notFound(err); errors.Is(err, domain.ErrNotFound) {
			return domain.ErrChanged
		} else if err != nil {
			return err
		}
		if !restockUnits || restocked {
			return nil
		}
		if _, err := q.ExecContext(ctx, `UPDATE orders SET restocked = TRUE WHERE id = $1`, orderID); err != nil {
			return err
		}
		return restock(ctx, q, orderID)
	}))
}
