package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/holds"
	"stepperslife/services/events/domain"
)

const orderCols = `id, event_id, buyer_id, buyer_name, buyer_email, method, status, subtotal_cents, discount_cents,
	total_cents, fee_cents, currency, discount_id, hold_expires_at, checkout_session_id, checkout_url,
	payment_intent_id, created_at, completed_at`

func scanOrder(r scanner) (domain.Order, error) {
	var o domain.Order
	var method, status string
	var disc sql.NullString
	var hold, done sql.NullTime
	err := r.Scan(&o.ID, &o.EventID, &o.BuyerID, &o.BuyerName, &o.BuyerEmail, &method, &status, &o.SubtotalCents,
		&o.DiscountCents, &o.TotalCents, &o.FeeCents, &o.Currency, &disc, &hold, &o.CheckoutSessionID, &o.CheckoutURL,
		&o.PaymentIntentID, &o.CreatedAt, &done)
	o.Method, o.Status, o.DiscountID = domain.PaymentMethod(method), domain.OrderStatus(status), disc.String
	o.HoldExpiresAt, o.CompletedAt, o.CreatedAt = db.TimeOf(hold), db.TimeOf(done), o.CreatedAt.UTC()
	return o, err
}

// PlaceOrder stores an order with its tickets and takes its seats (and its discount
// use) in one transaction. An unpaid order must first fit within limit, given what
// its buyer holds at the event (*domain.HoldLimitError). Seats are taken last, each
// with a conditional UPDATE, so the hot tier row is locked only for the final
// statement and the commit; when any tier lacks seats everything rolls back with a
// *domain.SoldOutError (or domain.ErrTierClosed); a used-up discount code is
// domain.ErrDiscountUsedUp.
func (s *Store) PlaceOrder(ctx context.Context, o domain.Order, q domain.Quote, limit holds.Limit, now time.Time) error {
	bounded := o.Status.Holding() && !limit.Unbounded()
	if !bounded && s.fastPath(o, q) {
		return wrap("place order", o.ID, s.placeOrderOneStatement(ctx, o, q))
	}
	return wrap("place order", o.ID, s.inTx(ctx, func(tx querier) error {
		if bounded {
			if err := checkHoldLimit(ctx, tx, s.db.Dialect, o, limit, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO orders (`+orderCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', '', '', $15, $16)`,
			o.ID, o.EventID, o.BuyerID, o.BuyerName, o.BuyerEmail, string(o.Method), string(o.Status),
			o.SubtotalCents, o.DiscountCents, o.TotalCents, o.FeeCents, o.Currency, db.NullString(o.DiscountID),
			db.NullTime(o.HoldExpiresAt), o.CreatedAt.UTC(), db.NullTime(o.CompletedAt)); err != nil {
			return err
		}
		if err := insertTickets(ctx, tx, o.Tickets); err != nil {
			return err
		}
		if o.DiscountID != "" {
			res, err := tx.ExecContext(ctx, `UPDATE discount_codes SET used_count = used_count + 1
				WHERE id = $1 AND (usage_limit = 0 OR used_count < usage_limit) AND (expires_at IS NULL OR expires_at > $2)`,
				o.DiscountID, now.UTC())
			if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
				return domain.ErrDiscountUsedUp
			} else if err != nil {
				return err
			}
		}
		// A fixed order of tiers keeps two multi-tier purchases from deadlocking.
		lines := append([]domain.Line(nil), q.Lines...)
		sort.Slice(lines, func(i, j int) bool { return lines[i].Tier.ID < lines[j].Tier.ID })
		for _, l := range lines {
			res, err := tx.ExecContext(ctx, `UPDATE tiers SET sold = sold + $1 WHERE id = $2 AND sold + $1 <= capacity AND closed = 0`,
				l.Quantity, l.Tier.ID)
			if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
				return refusal(ctx, tx, l.Tier)
			} else if err != nil {
				return err
			}
		}
		return nil
	}))
}

// refusal says why a tier's seats could not be taken: closed, or too few left.
func refusal(ctx context.Context, q querier, t domain.Tier) error {
	var closed int
	if err := q.QueryRowContext(ctx, `SELECT sold, closed FROM tiers WHERE id = $1`, t.ID).Scan(&t.Sold, &closed); err != nil {
		return err
	}
	if closed != 0 {
		return domain.ErrTierClosed
	}
	return &domain.SoldOutError{Tier: t}
}

func insertTickets(ctx context.Context, tx querier, ts []domain.Ticket) error {
	if len(ts) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO tickets (id, code, order_id, event_id, tier_id, owner_id, attendee_name, attendee_email,
		price_cents, status, created_at) VALUES `)
	var a db.Args
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(" + a.List(t.ID, t.Code, t.OrderID, t.EventID, t.TierID, t.OwnerID, t.AttendeeName,
			t.AttendeeEmail, t.PriceCents, string(t.Status), t.CreatedAt.UTC()) + ")")
	}
	_, err := tx.ExecContext(ctx, b.String(), a.Values()...)
	return err
}

// SetCheckout records the card checkout opened for an order.
func (s *Store) SetCheckout(ctx context.Context, orderID, sessionID, url, paymentIntentID string) error {
	res, err := s.q().ExecContext(ctx, `UPDATE orders SET checkout_session_id = $2, checkout_url = $3,
		payment_intent_id = CASE WHEN $4 = '' THEN payment_intent_id ELSE $4 END WHERE id = $1`,
		orderID, sessionID, url, paymentIntentID)
	return wrap("set checkout of order", orderID, oneRow(res, err))
}

// CompleteOrder marks a holding order paid and its tickets valid; it reports whether
// the order was still holding (a second confirmation changes nothing).
func (s *Store) CompleteOrder(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error) {
	done := false
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE orders SET status = $2, completed_at = $3, hold_expires_at = NULL,
			payment_intent_id = CASE WHEN $4 = '' THEN payment_intent_id ELSE $4 END
			WHERE id = $1 AND status IN ($5, $6)`, orderID, string(domain.OrderCompleted), now.UTC(), paymentIntentID,
			string(domain.OrderPending), string(domain.OrderPendingPayment))
		if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		done = true
		_, err = tx.ExecContext(ctx, `UPDATE tickets SET status = $2 WHERE order_id = $1 AND status = $3`,
			orderID, string(domain.TicketValid), string(domain.TicketPending))
		return err
	})
	return done, wrap("complete order", orderID, err)
}

// ReviveOrder takes the seats of a closed order again, for a payment that arrived
// after its hold expired; it fails with a *domain.SoldOutError when they are gone
// (or their tier closed), and with domain.ErrDiscountUsedUp when its discount code
// was used up meanwhile.
func (s *Store) ReviveOrder(ctx context.Context, orderID, paymentIntentID string, now time.Time) (bool, error) {
	done := false
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE orders SET status = $2, completed_at = $3, closed_at = NULL,
			payment_intent_id = CASE WHEN $4 = '' THEN payment_intent_id ELSE $4 END
			WHERE id = $1 AND status IN ($5, $6)`, orderID, string(domain.OrderCompleted), now.UTC(), paymentIntentID,
			string(domain.OrderCancelled), string(domain.OrderFailed))
		if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		// Closing the order gave its discount use back; the revived order takes it
		// again, so a late payment cannot push a code past its usage limit. The
		// expiry is not checked: the code was valid when the buyer paid. Taken before
		// the seats, in the order PlaceOrder takes them, so the two cannot deadlock.
		res, err = tx.ExecContext(ctx, `UPDATE discount_codes SET used_count = used_count + 1
			WHERE id = (SELECT discount_id FROM orders WHERE id = $1) AND (usage_limit = 0 OR used_count < usage_limit)`, orderID)
		if err != nil {
			return err
		}
		var discountID sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT discount_id FROM orders WHERE id = $1`, orderID).Scan(&discountID); err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 && discountID.Valid {
			return domain.ErrDiscountUsedUp
		}
		takes, err := seatsByTier(ctx, tx, orderID, domain.TicketCancelled)
		if err != nil {
			return err
		}
		for _, t := range takes {
			res, err := tx.ExecContext(ctx, `UPDATE tiers SET sold = sold + $1 WHERE id = $2 AND sold + $1 <= capacity AND closed = 0`, t.n, t.tier)
			if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
				return &domain.SoldOutError{Tier: domain.Tier{ID: t.tier}}
			} else if err != nil {
				return err
			}
		}
		done = true
		_, err = tx.ExecContext(ctx, `UPDATE tickets SET status = $2 WHERE order_id = $1 AND status = $3`,
			orderID, string(domain.TicketValid), string(domain.TicketCancelled))
		return err
	})
	return done, wrap("revive order", orderID, err)
}

// releaseSeats gives back the seats of an order's tickets in status st. It updates
// one tier at a time in tier id order, the order PlaceOrder takes them in: one UPDATE
// over several tiers locks them in whatever order the scan meets them, which
// deadlocks with a purchase of the same tiers on PostgreSQL.
func releaseSeats(ctx context.Context, tx querier, orderID string, st domain.TicketStatus) error {
	gives, err := seatsByTier(ctx, tx, orderID, st)
	if err != nil {
		return err
	}
	for _, g := range gives {
		if _, err := tx.ExecContext(ctx, `UPDATE tiers SET sold = sold - $1 WHERE id = $2`, g.n, g.tier); err != nil {
			return err
		}
	}
	return nil
}

// CloseOrder ends a holding order as FAILED or CANCELLED: its seats and discount use
// go back and its tickets are cancelled. It reports whether the order was holding.
func (s *Store) CloseOrder(ctx context.Context, orderID string, to domain.OrderStatus, now time.Time) (bool, error) {
	done := false
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE orders SET status = $2, closed_at = $3, hold_expires_at = NULL
			WHERE id = $1 AND status IN ($4, $5)`, orderID, string(to), now.UTC(),
			string(domain.OrderPending), string(domain.OrderPendingPayment))
		if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		done = true
		// The discount use goes back before the seats: PlaceOrder takes the code's row
		// before the tiers', and the opposite order deadlocks with it on PostgreSQL.
		if _, err := tx.ExecContext(ctx, `UPDATE discount_codes SET used_count = used_count - 1
			WHERE id = (SELECT discount_id FROM orders WHERE id = $1) AND used_count > 0`, orderID); err != nil {
			return err
		}
		if err := releaseSeats(ctx, tx, orderID, domain.TicketPending); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE tickets SET status = $2 WHERE order_id = $1 AND status = $3`,
			orderID, string(domain.TicketCancelled), string(domain.TicketPending))
		return err
	})
	return done, wrap("close order", orderID, err)
}

// RefundOrder marks a completed order REFUNDED; its unused tickets are refunded and
// their seats go back. It reports whether the order was completed.
func (s *Store) RefundOrder(ctx context.Context, orderID string, now time.Time) (bool, error) {
	done := false
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE orders SET status = $2, closed_at = $3 WHERE id = $1 AND status = $4`,
			orderID, string(domain.OrderRefunded), now.UTC(), string(domain.OrderCompleted))
		if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		done = true
		// Tickets first, then the seats of exactly those tickets: a door scan may
		// turn a VALID ticket SCANNED until the UPDATE locks it, and a seat counted
		// before that would be given back while its holder is inside. A completed
		// order had no REFUNDED tickets before this.
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = $2 WHERE order_id = $1 AND status = $3`,
			orderID, string(domain.TicketRefunded), string(domain.TicketValid)); err != nil {
			return err
		}
		return releaseSeats(ctx, tx, orderID, domain.TicketRefunded)
	})
	return done, wrap("refund order", orderID, err)
}

// ExpiredHolds lists holding orders whose hold ran out at now.
func (s *Store) ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error) {
	ids, err := s.ids(ctx, `SELECT id FROM orders WHERE status IN ($1, $2) AND hold_expires_at <= $3 ORDER BY hold_expires_at LIMIT $4`,
		string(domain.OrderPending), string(domain.OrderPendingPayment), now.UTC(), limit)
	return ids, wrap("expired holds", "", err)
}

// ids answers the one text column query selects.
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	return db.IDs(ctx, s.q(), query, args...)
}

// OrderByID finds an order with its tickets.
func (s *Store) OrderByID(ctx context.Context, id string) (domain.Order, error) {
	o, err := scanOrder(s.q().QueryRowContext(ctx, `SELECT `+orderCols+` FROM orders WHERE id = $1`, id))
	if err != nil {
		return o, wrap("order", id, notFound(err))
	}
	o.Tickets, err = s.tickets(ctx, `SELECT `+ticketCols+` FROM tickets WHERE order_id = $1 ORDER BY created_at, id`, id)
	return o, wrap("tickets of order", id, err)
}

// OrdersOfEvent lists an event's orders in status (all when empty), newest first.
func (s *Store) OrdersOfEvent(ctx context.Context, eventID string, status domain.OrderStatus) ([]domain.Order, error) {
	out, err := s.ordersOfEvent(ctx, eventID, status)
	return out, wrap("orders of event", eventID, err)
}

func (s *Store) ordersOfEvent(ctx context.Context, eventID string, status domain.OrderStatus) ([]domain.Order, error) {
	var a db.Args
	query := `SELECT ` + orderCols + ` FROM orders WHERE event_id = ` + a.Add(eventID)
	if status != "" {
		query += ` AND status = ` + a.Add(string(status))
	}
	rows, err := s.q().QueryContext(ctx, query+` ORDER BY created_at DESC, id`, a.Values()...)
	if err != nil {
		return nil, err
	}
	var out []domain.Order
	index := map[string]int{}
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[o.ID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// The tickets of all these orders in one more query.
	ts, err := s.tickets(ctx, `SELECT `+ticketCols+` FROM tickets WHERE order_id IN (`+
		strings.Replace(query, orderCols, "id", 1)+`) ORDER BY created_at, id`, a.Values()...)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if i, ok := index[t.OrderID]; ok {
			out[i].Tickets = append(out[i].Tickets, t)
		}
	}
	return out, nil
}

// tierSeats is how many of an order's tickets sit in one tier.
type tierSeats struct {
	tier string
	n    int
}

// seatsByTier counts an order's tickets in status st per tier, in tier id order: the
// order every statement that changes several tiers' seats must lock them in.
func seatsByTier(ctx context.Context, tx querier, orderID string, st domain.TicketStatus) ([]tierSeats, error) {
	rows, err := tx.QueryContext(ctx, `SELECT tier_id, COUNT(*) FROM tickets WHERE order_id = $1 AND status = $2
		GROUP BY tier_id ORDER BY tier_id`, orderID, string(st))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tierSeats
	for rows.Next() {
		var t tierSeats
		if err := rows.Scan(&t.tier, &t.n); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
