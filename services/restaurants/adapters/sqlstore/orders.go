package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/domain"
)

const orderCols = `o.id, o.restaurant_id, r.name, o.order_number, o.customer_id, o.customer_email, o.customer_name,
	o.status, o.payment_method, o.payment_status, o.subtotal_cents, o.tax_cents, o.total_cents, o.platform_fee_cents,
	o.currency, o.pickup_time, o.checkout_session_id, o.checkout_url, o.payment_intent_id, o.created_at, o.updated_at`

const orderFrom = ` FROM orders o JOIN restaurants r ON r.id = o.restaurant_id`

func scanOrder(row interface{ Scan(...any) error }) (domain.Order, error) {
	var o domain.Order
	var status, pay string
	err := row.Scan(&o.ID, &o.RestaurantID, &o.RestaurantName, &o.Number, &o.CustomerID, &o.CustomerEmail, &o.CustomerName,
		&status, &o.PaymentMethod, &pay, &o.SubtotalCents, &o.TaxCents, &o.TotalCents, &o.PlatformFeeCents,
		&o.Currency, &o.PickupTime, &o.CheckoutSessionID, &o.CheckoutURL, &o.PaymentIntentID, &o.CreatedAt, &o.UpdatedAt)
	o.Status, o.PaymentStatus = domain.OrderStatus(status), domain.PaymentStatus(pay)
	o.PickupTime = o.PickupTime.UTC()
	return o, err
}

// CreateOrder stores a priced order and its lines in one transaction, taking the
// restaurant's next order number. Concurrent orders queue on the restaurant's row, so
// numbers are unique and without gaps.
func (s *Store) CreateOrder(ctx context.Context, o *domain.Order) error {
	o.ID, o.CreatedAt, o.UpdatedAt = NewID("ord"), now(), now()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var seq int64
		if err := tx.QueryRowContext(ctx, `UPDATE restaurants SET order_seq = order_seq + 1 WHERE id = $1 RETURNING order_seq`,
			o.RestaurantID).Scan(&seq); err != nil {
			return notFound(err, "Restaurant")
		}
		o.Number = fmt.Sprintf("R-%d", seq)
		if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, restaurant_id, order_number, customer_id, customer_email,
			customer_name, status, payment_method, payment_status, subtotal_cents, tax_cents, total_cents, platform_fee_cents,
			currency, pickup_time, checkout_session_id, checkout_url, payment_intent_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, '', '', '', $16, $17)`,
			o.ID, o.RestaurantID, o.Number, o.CustomerID, o.CustomerEmail, o.CustomerName, string(o.Status), o.PaymentMethod,
			string(o.PaymentStatus), o.SubtotalCents, o.TaxCents, o.TotalCents, o.PlatformFeeCents, o.Currency,
			o.PickupTime.UTC(), o.CreatedAt, o.UpdatedAt); err != nil {
			return err
		}
		for i, l := range o.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_items (order_id, line_no, menu_item_id, name, unit_cents, quantity, notes)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, o.ID, i+1, l.MenuItemID, l.Name, l.UnitCents, l.Quantity, l.Notes); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteOrder removes an order that never reached the customer (its card checkout
// could not be started), so a failed placement leaves nothing behind.
func (s *Store) DeleteOrder(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM orders WHERE id = $1`, id)
	return oneRow(res, err, "Order")
}

// SetCheckout records the card checkout started for an order.
func (s *Store) SetCheckout(ctx context.Context, id, sessionID, url string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE orders SET checkout_session_id = $2, checkout_url = $3, updated_at = $4 WHERE id = $1`,
		id, sessionID, url, now())
	return oneRow(res, err, "Order")
}

// Order finds an order with its lines.
func (s *Store) Order(ctx context.Context, id string) (domain.Order, error) {
	return order(ctx, s.db, `o.id = $1`, id)
}

func order(ctx context.Context, q querier, cond string, arg any) (domain.Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderCols+orderFrom+` WHERE `+cond, arg))
	if err != nil {
		return o, notFound(err, "Order")
	}
	lines, err := orderLines(ctx, q, []string{o.ID})
	o.Lines = lines[o.ID]
	return o, err
}

func orderLines(ctx context.Context, q querier, ids []string) (map[string][]domain.OrderLine, error) {
	out := map[string][]domain.OrderLine{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT order_id, menu_item_id, name, unit_cents, quantity, notes FROM order_items
		WHERE order_id IN (`+placeholders(1, len(ids))+`) ORDER BY order_id, line_no`, args...)
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

// OrderFilter selects orders for a list.
type OrderFilter struct {
	CustomerID   string
	RestaurantID string
	Statuses     []domain.OrderStatus
	Limit        int
	Offset       int
	// OldestFirst orders a kitchen's board by pickup time; lists for customers are newest first.
	OldestFirst bool
}

// Orders lists orders matching f with their lines, and the total count.
func (s *Store) Orders(ctx context.Context, f OrderFilter) ([]domain.Order, int, error) {
	var where []string
	var args []any
	if f.CustomerID != "" {
		args = append(args, f.CustomerID)
		where = append(where, "o.customer_id = $"+itoa(len(args)))
	}
	if f.RestaurantID != "" {
		args = append(args, f.RestaurantID)
		where = append(where, "o.restaurant_id = $"+itoa(len(args)))
	}
	if len(f.Statuses) > 0 {
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
		where = append(where, "o.status IN ("+placeholders(len(args)-len(f.Statuses)+1, len(f.Statuses))+")")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders o`+cond, args...).Scan(&total); err != nil {
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
	args = append(args, limit, f.Offset)
	rows, err := s.db.QueryContext(ctx, `SELECT `+orderCols+orderFrom+cond+order+
		` LIMIT $`+itoa(len(args)-1)+` OFFSET $`+itoa(len(args)), args...)
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
	lines, err := orderLines(ctx, s.db, ids)
	for i := range out {
		out[i].Lines = lines[out[i].ID]
	}
	return out, total, err
}

// ChangeStatus moves an order from → to (and its payment status, when pay is not
// empty) only if it is still in from; a concurrent change makes it fail with
// INVALID_TRANSITION, so two taps never both win.
func (s *Store) ChangeStatus(ctx context.Context, id string, from, to domain.OrderStatus, pay domain.PaymentStatus) (domain.Order, error) {
	var o domain.Order
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		o, err = changeStatus(ctx, tx, id, from, to, pay)
		return err
	})
	return o, err
}

func changeStatus(ctx context.Context, q querier, id string, from, to domain.OrderStatus, pay domain.PaymentStatus) (domain.Order, error) {
	res, err := q.ExecContext(ctx, `UPDATE orders SET status = $3,
		payment_status = CASE WHEN $4 = '' THEN payment_status ELSE $4 END, updated_at = $5
		WHERE id = $1 AND status = $2`, id, string(from), string(to), string(pay), now())
	if err != nil {
		return domain.Order{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.Order{}, errs.Errorf(errs.CodeInvalidTransition, "The order changed meanwhile; reload and try again.")
	}
	return order(ctx, q, `o.id = $1`, id)
}

// PaymentUpdate is what a verified payment event changes on an order.
type PaymentUpdate struct {
	// From is the payment status the order must be in; the update is skipped otherwise.
	From            []domain.PaymentStatus
	To              domain.PaymentStatus
	Status          domain.OrderStatus // "" keeps the order status
	StatusFrom      []domain.OrderStatus
	PaymentIntentID string
}

// OrderForPayment finds the order a payment event is about, inside the webhook's
// transaction: by checkout session, else by the order id the checkout carried, else by
// payment intent.
func (s *Store) OrderForPayment(ctx context.Context, tx *sql.Tx, sessionID, orderID, paymentIntentID string) (domain.Order, error) {
	switch {
	case sessionID != "":
		if o, err := order(ctx, tx, `o.checkout_session_id = $1`, sessionID); err == nil {
			return o, nil
		}
	}
	if orderID != "" {
		if o, err := order(ctx, tx, `o.id = $1`, orderID); err == nil {
			return o, nil
		}
	}
	if paymentIntentID != "" {
		return order(ctx, tx, `o.payment_intent_id = $1`, paymentIntentID)
	}
	return domain.Order{}, errs.NotFound("Order")
}

// ApplyPayment changes an order's payment inside the webhook's transaction. It reports
// false, changing nothing, when the order is not in one of u.From: a late or repeated
// event never pays an order twice or revives a cancelled one.
func (s *Store) ApplyPayment(ctx context.Context, tx *sql.Tx, id string, u PaymentUpdate) (bool, error) {
	args := []any{id, string(u.To), u.PaymentIntentID, now()}
	cond := "id = $1"
	var froms []string
	for _, f := range u.From {
		args = append(args, string(f))
		froms = append(froms, "$"+itoa(len(args)))
	}
	if len(froms) > 0 {
		cond += " AND payment_status IN (" + strings.Join(froms, ", ") + ")"
	}
	set := "payment_status = $2, payment_intent_id = CASE WHEN $3 = '' THEN payment_intent_id ELSE $3 END, updated_at = $4"
	if u.Status != "" {
		args = append(args, string(u.Status))
		set += ", status = $" + itoa(len(args))
		var sts []string
		for _, f := range u.StatusFrom {
			args = append(args, string(f))
			sts = append(sts, "$"+itoa(len(args)))
		}
		if len(sts) > 0 {
			cond += " AND status IN (" + strings.Join(sts, ", ") + ")"
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE orders SET `+set+` WHERE `+cond, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
