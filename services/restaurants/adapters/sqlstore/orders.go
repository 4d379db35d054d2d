package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/domain"
)

const orderCols = `o.id, o.restaurant_id, r.name, o.order_number, o.customer_id, o.customer_email, o.customer_name,
	o.status, o.payment_method, o.payment_status, o.subtotal_cents, o.tax_cents, o.total_cents, o.platform_fee_cents,
	o.currency, o.pickup_time, o.checkout_session_id, o.checkout_url, o.payment_intent_id, o.created_at, o.updated_at,
	o.customer_phone, o.ready_at, o.cancel_reason`

const orderFrom = ` FROM orders o JOIN restaurants r ON r.id = o.restaurant_id`

func scanOrder(row interface{ Scan(...any) error }) (domain.Order, error) {
	var o domain.Order
	var status, pay string
	var ready sql.NullTime
	err := row.Scan(&o.ID, &o.RestaurantID, &o.RestaurantName, &o.Number, &o.CustomerID, &o.CustomerEmail, &o.CustomerName,
		&status, &o.PaymentMethod, &pay, &o.SubtotalCents, &o.TaxCents, &o.TotalCents, &o.PlatformFeeCents,
		&o.Currency, &o.PickupTime, &o.CheckoutSessionID, &o.CheckoutURL, &o.PaymentIntentID, &o.CreatedAt, &o.UpdatedAt,
		&o.CustomerPhone, &ready, &o.CancelReason)
	if ready.Valid {
		o.ReadyAt = ready.Time.UTC()
	}
	o.Status, o.PaymentStatus = domain.OrderStatus(status), domain.PaymentStatus(pay)
	o.PickupTime = o.PickupTime.UTC()
	return o, err
}

// CreateOrder stores a priced order and its lines in one transaction, taking the
// restaurant's next order number into o.Number. Concurrent orders queue on the
// restaurant's row, so numbers are unique and without gaps.
func (s *Store) CreateOrder(ctx context.Context, o *domain.Order) error {
	err := s.scope.InTx(ctx, func(q db.Querier) error {
		var seq int64
		if err := q.QueryRowContext(ctx, `UPDATE restaurants SET order_seq = order_seq + 1 WHERE id = $1 RETURNING order_seq`,
			o.RestaurantID).Scan(&seq); err != nil {
			return notFound(err)
		}
		o.Number = fmt.Sprintf("R-%d", seq)
		if _, err := q.ExecContext(ctx, `INSERT INTO orders (id, restaurant_id, order_number, customer_id, customer_email,
			customer_name, status, payment_method, payment_status, subtotal_cents, tax_cents, total_cents, platform_fee_cents,
			currency, pickup_time, checkout_session_id, checkout_url, payment_intent_id, created_at, updated_at, customer_phone)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, '', '', '', $16, $17, $18)`,
			o.ID, o.RestaurantID, o.Number, o.CustomerID, o.CustomerEmail, o.CustomerName, string(o.Status), o.PaymentMethod,
			string(o.PaymentStatus), o.SubtotalCents, o.TaxCents, o.TotalCents, o.PlatformFeeCents, o.Currency,
			o.PickupTime.UTC(), o.CreatedAt.UTC(), o.UpdatedAt.UTC(), o.CustomerPhone); err != nil {
			return err
		}
		for i, l := range o.Lines {
			if _, err := q.ExecContext(ctx, `INSERT INTO order_items (order_id, line_no, menu_item_id, name, unit_cents, quantity, notes)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, o.ID, i+1, l.MenuItemID, l.Name, l.UnitCents, l.Quantity, l.Notes); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("place order", o.ID+" at restaurant "+o.RestaurantID, err)
}

// DeleteOrder removes an order that never reached the customer (its card checkout
// could not be started), so a failed placement leaves nothing behind.
func (s *Store) DeleteOrder(ctx context.Context, id string) error {
	res, err := s.scope.Q().ExecContext(ctx, `DELETE FROM orders WHERE id = $1`, id)
	return wrap("delete order", id, oneRow(res, err))
}

// SetCheckout records the card checkout started for an order.
func (s *Store) SetCheckout(ctx context.Context, id, sessionID, url string, now time.Time) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE orders SET checkout_session_id = $2, checkout_url = $3, updated_at = $4 WHERE id = $1`,
		id, sessionID, url, now.UTC())
	return wrap("set checkout of order", id, oneRow(res, err))
}

// Order finds an order with its lines.
func (s *Store) Order(ctx context.Context, id string) (domain.Order, error) {
	o, err := order(ctx, s.scope.Q(), `o.id = $1`, id)
	return o, wrap("order", id, err)
}

func order(ctx context.Context, q db.Querier, cond string, arg any) (domain.Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderCols+orderFrom+` WHERE `+cond, arg))
	if err != nil {
		return o, notFound(err)
	}
	lines, err := orderLines(ctx, q, []string{o.ID})
	o.Lines = lines[o.ID]
	return o, err
}

func orderLines(ctx context.Context, q db.Querier, ids []string) (map[string][]domain.OrderLine, error) {
	out := map[string][]domain.OrderLine{}
	if len(ids) == 0 {
		return out, nil
	}
	var a db.Args
	rows, err := q.QueryContext(ctx, `SELECT order_id, menu_item_id, name, unit_cents, quantity, notes FROM order_items
		WHERE order_id IN (`+a.List(db.Strings(ids)...)+`) ORDER BY order_id, line_no`, a.Values()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var l domain.OrderLine
		if err := rows.Scan(&id, &l.MenuItemID, &l.Name, &l.UnitCents, &l.Quantity, &l.Notes); err != nil {
			return nil, err
		}
		out[id] = append(out[id], l)
	}
	return out, rows.Err()
}

// Orders lists orders matching f with their lines, and the total count.
func (s *Store) Orders(ctx context.Context, f domain.OrderFilter) ([]domain.Order, int, error) {
	out, total, err := s.orders(ctx, f)
	return out, total, wrap("list orders", "", err)
}

func (s *Store) orders(ctx context.Context, f domain.OrderFilter) ([]domain.Order, int, error) {
	var a db.Args
	var where []string
	if f.CustomerID != "" {
		where = append(where, "o.customer_id = "+a.Add(f.CustomerID))
	}
	if f.RestaurantID != "" {
		where = append(where, "o.restaurant_id = "+a.Add(f.RestaurantID))
	}
	if len(f.Statuses) > 0 {
		where = append(where, "o.status IN ("+a.List(db.Strings(f.Statuses)...)+")")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.scope.Q().QueryRowContext(ctx, `SELECT COUNT(*) FROM orders o`+cond, a.Values()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := " ORDER BY o.created_at DESC, o.id DESC"
	if f.OldestFirst {
		order = " ORDER BY o.pickup_time, o.created_at, o.id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = web.DefaultLimit
	}
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT `+orderCols+orderFrom+cond+order+
		` LIMIT `+a.Add(limit)+` OFFSET `+a.Add(f.Offset), a.Values()...)
	if err != nil {
		return nil, 0, err
	}
	var out []domain.Order
	var ids []string
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, o)
		ids = append(ids, o.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	lines, err := orderLines(ctx, s.scope.Q(), ids)
	for i := range out {
		out[i].Lines = lines[out[i].ID]
	}
	return out, total, err
}

// ChangeStatus moves an order from → to (and its payment status, when pay is not
// empty) only if it is still in from; a concurrent change makes it fail with
// domain.ErrChanged, so two taps never both win.
func (s *Store) ChangeStatus(ctx context.Context, id string, m domain.Move, now time.Time) (domain.Order, error) {
	var o domain.Order
	from, to := m.From, m.To
	err := s.scope.InTx(ctx, func(q db.Querier) error {
		var a db.Args
		set := `status = ` + a.Add(string(to)) + `, updated_at = ` + a.Add(now.UTC())
		if m.Pay != "" {
			set += `, payment_status = ` + a.Add(string(m.Pay))
		}
		if !m.ReadyAt.IsZero() {
			set += `, ready_at = ` + a.Add(m.ReadyAt.UTC())
		}
		if m.Reason != "" {
			set += `, cancel_reason = ` + a.Add(m.Reason)
		}
		res, err := q.ExecContext(ctx, `UPDATE orders SET `+set+` WHERE id = `+a.Add(id)+` AND status = `+a.Add(string(from)),
			a.Values()...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.ErrChanged
		}
		o, err = order(ctx, q, `o.id = $1`, id)
		return err
	})
	return o, wrap("move order", id+" from "+string(from)+" to "+string(to), err)
}

// OrderForPayment finds the order a payment event is about: by checkout session, else
// by the order id the checkout carried, else by payment intent.
func (s *Store) OrderForPayment(ctx context.Context, sessionID, orderID, paymentIntentID string) (domain.Order, error) {
	if sessionID != "" {
		if o, err := order(ctx, s.scope.Q(), `o.checkout_session_id = $1`, sessionID); err == nil {
			return o, nil
		}
	}
	if orderID != "" {
		if o, err := order(ctx, s.scope.Q(), `o.id = $1`, orderID); err == nil {
			return o, nil
		}
	}
	err := domain.ErrNotFound
	var o domain.Order
	if paymentIntentID != "" {
		o, err = order(ctx, s.scope.Q(), `o.payment_intent_id = $1`, paymentIntentID)
	}
	return o, wrap("order for payment", fmt.Sprintf("(session %q, order %q, intent %q)", sessionID, orderID, paymentIntentID), err)
}

// OpenAtPickup counts a customer's pay-at-pickup orders at a restaurant that are still
// active and unpaid.
func (s *Store) OpenAtPickup(ctx context.Context, restaurantID, customerID string) (int, error) {
	var a db.Args
	var n int
	err := s.scope.Q().QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE customer_id = `+a.Add(customerID)+
		` AND restaurant_id = `+a.Add(restaurantID)+` AND payment_method = `+a.Add(domain.PayAtPickup)+
		` AND payment_status = `+a.Add(string(domain.PaymentAtPickup))+
		` AND status IN (`+a.List(db.Strings(activeStatuses)...)+`)`, a.Values()...).Scan(&n)
	return n, wrap("open pay-at-pickup orders of", customerID+" at restaurant "+restaurantID, err)
}

// activeStatuses are the order states in which the kitchen still has work to do.
var activeStatuses = []domain.OrderStatus{domain.OrderPending, domain.OrderConfirmed, domain.OrderPreparing, domain.OrderReady}

// ApplyPayment changes an order's payment. It reports false, changing nothing, when
// the order is not in one of u.From: a late or repeated event never pays an order
// twice or revives a cancelled one.
func (s *Store) ApplyPayment(ctx context.Context, id string, u domain.PaymentUpdate, now time.Time) (bool, error) {
	var a db.Args
	set := "payment_status = " + a.Add(string(u.To))
	intent := a.Add(u.PaymentIntentID)
	set += ", payment_intent_id = CASE WHEN " + intent + " = '' THEN payment_intent_id ELSE " + intent + " END"
	set += ", updated_at = " + a.Add(now.UTC())
	cond := "id = " + a.Add(id)
	if len(u.From) > 0 {
		cond += " AND payment_status IN (" + a.List(db.Strings(u.From)...) + ")"
	}
	if u.Status != "" {
		set += ", status = " + a.Add(string(u.Status))
		if len(u.StatusFrom) > 0 {
			cond += " AND status IN (" + a.List(db.Strings(u.StatusFrom)...) + ")"
		}
	}
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE orders SET `+set+` WHERE `+cond, a.Values()...)
	if err != nil {
		return false, wrap("apply payment to order", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("apply payment to order", id, err)
}

// RefundsPending lists the orders whose refund is still pending and was last asked of
// Stripe at or before askedBefore, the latest asked first, without their lines, and
// how many there are.
func (s *Store) RefundsPending(ctx context.Context, askedBefore time.Time, limit, offset int) ([]domain.Order, int, error) {
	const cond = ` WHERE o.payment_status = $1 AND o.updated_at <= $2`
	args := []any{string(domain.PaymentRefundPending), askedBefore.UTC()}
	var total int
	if err := s.scope.Q().QueryRowContext(ctx, `SELECT COUNT(*) FROM orders o`+cond, args...).Scan(&total); err != nil {
		return nil, 0, wrap("count pending refunds", "", err)
	}
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT `+orderCols+orderFrom+cond+
		` ORDER BY o.updated_at DESC, o.id LIMIT $3 OFFSET $4`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, wrap("list pending refunds", "", err)
	}
	defer rows.Close()
	var out []domain.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, 0, wrap("list pending refunds", "", err)
		}
		out = append(out, o)
	}
	return out, total, wrap("list pending refunds", "", rows.Err())
}
