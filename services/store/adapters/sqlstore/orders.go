package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/store/domain"
)

const orderCols = `o.id, o.number, o.checkout_id, o.vendor_id, v.name, o.customer_id, o.customer_name, o.customer_email,
	o.method, o.fulfillment, o.fulfillment_status, o.payment_status, o.shipping_address, o.pickup_point, o.pickup_code,
	o.carrier, o.tracking_number, o.subtotal_cents, o.discount_cents, o.shipping_cents, o.tax_cents, o.total_cents,
	o.fee_cents, o.refunded_cents, o.currency, o.discount_id, o.discount_code, o.hold_expires_at,
	o.checkout_session_id, o.checkout_url, o.payment_intent_id, o.restocked, o.lapsed, o.cancel_reason, o.created_at,
	o.updated_at, o.paid_at, o.shipped_at, o.delivered_at, o.ready_at, o.picked_up_at, o.cancelled_at`

const orderFrom = ` FROM orders o JOIN vendors v ON v.id = o.vendor_id`

func scanOrder(r scanner) (domain.Order, error) {
	var o domain.Order
	var method, way, fstatus, pstatus, addr, point string
	var discount sql.NullString
	var hold, paid, shipped, delivered, ready, picked, cancelled sql.NullTime
	if err := r.Scan(&o.ID, &o.Number, &o.CheckoutID, &o.VendorID, &o.VendorName, &o.CustomerID, &o.CustomerName,
		&o.CustomerEmail, &method, &way, &fstatus, &pstatus, &addr, &point, &o.PickupCode, &o.Carrier,
		&o.TrackingNumber, &o.SubtotalCents, &o.DiscountCents, &o.ShippingCents, &o.TaxCents, &o.TotalCents, &o.FeeCents,
		&o.RefundedCents, &o.Currency, &discount, &o.DiscountCode, &hold, &o.CheckoutSessionID, &o.CheckoutURL,
		&o.PaymentIntentID, &o.Restocked, &o.Lapsed, &o.CancelReason, &o.CreatedAt, &o.UpdatedAt, &paid, &shipped, &delivered,
		&ready, &picked, &cancelled); err != nil {
		return o, err
	}
	o.Method, o.Fulfillment = domain.PaymentMethod(method), domain.Fulfillment(way)
	o.FulfillmentStatus, o.PaymentStatus = domain.FulfillmentStatus(fstatus), domain.PaymentStatus(pstatus)
	o.DiscountID, o.HoldExpiresAt = discount.String, db.TimeOf(hold)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	o.PaidAt, o.ShippedAt, o.DeliveredAt = db.TimeOf(paid), db.TimeOf(shipped), db.TimeOf(delivered)
	o.ReadyAt, o.PickedUpAt, o.CancelledAt = db.TimeOf(ready), db.TimeOf(picked), db.TimeOf(cancelled)
	if addr != "" {
		o.ShippingAddress = &domain.Address{}
		if err := fromJSON(addr, o.ShippingAddress); err != nil {
			return o, err
		}
	}
	if point != "" {
		o.PickupPoint = &domain.PickupPoint{}
		if err := fromJSON(point, o.PickupPoint); err != nil {
			return o, err
		}
	}
	return o, nil
}

const lineCols = `id, order_id, variant_id, product_id, product_name, product_slug, variant_label, sku, image_key,
	unit_cents, quantity`

// Order finds an order with its lines.
func (s *Store) Order(ctx context.Context, id string) (domain.Order, error) {
	os, err := s.orders(ctx, `SELECT `+orderCols+orderFrom+` WHERE o.id = $1`, id)
	if err == nil && len(os) == 0 {
		err = domain.ErrNotFound
	}
	if err != nil {
		return domain.Order{}, wrap("order", id, err)
	}
	return os[0], nil
}

// OrderByPickupCode finds the vendor's order with a pickup code.
func (s *Store) OrderByPickupCode(ctx context.Context, vendorID, code string) (domain.Order, error) {
	os, err := s.orders(ctx, `SELECT `+orderCols+orderFrom+` WHERE o.vendor_id = $1 AND o.pickup_code = $2`, vendorID, code)
	if err == nil && len(os) == 0 {
		err = domain.ErrNotFound
	}
	if err != nil {
		return domain.Order{}, wrap("order by pickup code at vendor", vendorID, err)
	}
	return os[0], nil
}

// Orders lists the orders f names (of a vendor or of a customer), newest first,
// with their lines, and how many there are in all.
func (s *Store) Orders(ctx context.Context, f domain.OrderFilter) ([]domain.Order, int, error) {
	var a db.Args
	where := []string{"1 = 1"}
	if f.VendorID != "" {
		where = append(where, "o.vendor_id = "+a.Add(f.VendorID))
	}
	if f.CustomerID != "" {
		where = append(where, "o.customer_id = "+a.Add(f.CustomerID))
	}
	if f.FulfillmentStatus != "" {
		where = append(where, "o.fulfillment_status = "+a.Add(string(f.FulfillmentStatus)))
	}
	if f.PaymentStatus != "" {
		where = append(where, "o.payment_status = "+a.Add(string(f.PaymentStatus)))
	}
	if f.UnhandledBy != "" {
		where = append(where, "NOT EXISTS (SELECT 1 FROM kit_audit k WHERE k.subject_kind = "+a.Add(f.UnhandledBy)+
			" AND k.subject_id = o.id)")
	}
	cond := strings.Join(where, " AND ")
	total, err := count(ctx, s.q(), `SELECT COUNT(*) FROM orders o WHERE `+cond, a.Values()...)
	if err != nil {
		return nil, 0, wrap("count orders", "", err)
	}
	os, err := s.orders(ctx, `SELECT `+orderCols+orderFrom+` WHERE `+cond+` ORDER BY o.created_at DESC, o.id LIMIT `+
		a.Add(f.Limit)+` OFFSET `+a.Add(f.Offset), a.Values()...)
	return os, total, wrap("orders", "", err)
}

func (s *Store) orders(ctx context.Context, query string, args ...any) ([]domain.Order, error) {
	return readOrders(ctx, s.q(), query, args...)
}

// readOrders runs query (orderCols) and reads the lines of the orders it found.
func readOrders(ctx context.Context, q db.Querier, query string, args ...any) ([]domain.Order, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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
	var a db.Args
	keys := make([]any, len(out))
	for i, o := range out {
		keys[i] = o.ID
	}
	lrows, err := q.QueryContext(ctx, `SELECT `+lineCols+` FROM order_lines WHERE order_id IN (`+a.List(keys...)+`)
		ORDER BY product_name, variant_label, id`, a.Values()...)
	if err != nil {
		return nil, err
	}
	defer lrows.Close()
	for lrows.Next() {
		var l domain.OrderLine
		if err := lrows.Scan(&l.ID, &l.OrderID, &l.VariantID, &l.ProductID, &l.ProductName, &l.ProductSlug,
			&l.VariantLabel, &l.SKU, &l.ImageKey, &l.UnitCents, &l.Quantity); err != nil {
			return nil, err
		}
		i := index[l.OrderID]
		out[i].Lines = append(out[i].Lines, l)
	}
	return out, lrows.Err()
}

// SetCheckout records the card checkout opened for an order.
func (s *Store) SetCheckout(ctx context.Context, orderID, sessionID, url, paymentIntentID string) error {
	res, err := s.q().ExecContext(ctx, `UPDATE orders SET checkout_session_id = $2, checkout_url = $3,
		payment_intent_id = CASE WHEN $4 = '' THEN payment_intent_id ELSE $4 END WHERE id = $1`,
		orderID, sessionID, url, paymentIntentID)
	return wrap("set checkout of order", orderID, oneRow(res, err))
}

// ExpiredHolds lists open card checkouts whose hold ran out at now.
func (s *Store) ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error) {
	out, err := db.IDs(ctx, s.q(), `SELECT id FROM orders WHERE payment_status = $1 AND hold_expires_at <= $2
		AND fulfillment_status = $3 ORDER BY hold_expires_at, id LIMIT $4`,
		string(domain.PaymentPending), now.UTC(), string(domain.Unfulfilled), limit)
	return out, wrap("expired holds", "", err)
}
