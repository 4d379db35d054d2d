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
	"stepperslife/services/store/domain"
)

// PlaceOrders stores the orders of one checkout with their lines and takes their
// stock and discount uses, all in one transaction: every order or none. Unpaid
// orders must first fit their vendor's hold limit given what the buyer already
// holds there (*domain.HoldLimitError). Then discount uses are taken, then stock,
// each with a conditional UPDATE, rows in id order: the hot variant rows are locked
// last, for the final statements and the commit. A variant with too few units left
// rolls everything back with a *domain.InsufficientError naming every short
// variant; a code with no use left for the buyer is domain.ErrDiscountUsedUp.
func (s *Store) PlaceOrders(ctx context.Context, orders []domain.Order, limits map[string]holds.Limit, now time.Time) error {
	if len(orders) == 0 {
		return nil
	}
	return wrap("place orders of checkout", orders[0].CheckoutID, s.tx(ctx, func(q db.Querier) error {
		if err := s.checkHoldLimits(ctx, q, orders, limits, now); err != nil {
			return err
		}
		for _, o := range orders {
			if err := insertOrder(ctx, q, o); err != nil {
				return err
			}
		}
		uses := make([]domain.Order, 0, len(orders))
		for _, o := range orders {
			if o.DiscountID != "" {
				uses = append(uses, o)
			}
		}
		sort.Slice(uses, func(i, j int) bool { return uses[i].DiscountID < uses[j].DiscountID })
		for _, o := range uses {
			if err := takeDiscount(ctx, q, o, now, true); err != nil {
				return err
			}
		}
		return takeStock(ctx, q, stockOf(orders))
	}))
}

func insertOrder(ctx context.Context, q db.Querier, o domain.Order) error {
	addr, point := "", ""
	if o.ShippingAddress != nil {
		addr = jsonText(o.ShippingAddress)
	}
	if o.PickupPoint != nil {
		point = jsonText(o.PickupPoint)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO orders (id, number, checkout_id, vendor_id, customer_id, customer_name,
		customer_email, method, fulfillment, fulfillment_status, payment_status, shipping_address, pickup_point,
		pickup_code, subtotal_cents, discount_cents, shipping_cents, tax_cents, total_cents, fee_cents, currency,
		discount_id, discount_code, hold_expires_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		$23, $24, $25, $25)`,
		o.ID, o.Number, o.CheckoutID, o.VendorID, o.CustomerID, o.CustomerName, o.CustomerEmail, string(o.Method),
		string(o.Fulfillment), string(o.FulfillmentStatus), string(o.PaymentStatus), addr, point, o.PickupCode,
		o.SubtotalCents, o.DiscountCents, o.ShippingCents, o.TaxCents, o.TotalCents, o.FeeCents, o.Currency,
		db.NullString(o.DiscountID), o.DiscountCode, db.NullTime(o.HoldExpiresAt), o.CreatedAt.UTC()); err != nil {
		return err
	}
	var b strings.Builder
	var a db.Args
	b.WriteString(`INSERT INTO order_lines (` + lineCols + `) VALUES `)
	for i, l := range o.Lines {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(" + a.List(l.ID, o.ID, l.VariantID, l.ProductID, l.ProductName, l.ProductSlug, l.VariantLabel,
			l.SKU, l.ImageKey, l.UnitCents, l.Quantity) + ")")
	}
	_, err := q.ExecContext(ctx, b.String(), a.Values()...)
	return err
}

// takeDiscount takes one use of the order's code for its customer: the code's row
// is updated first, which locks it until the commit, so the customer's uses counted
// next include every racing order that took a use before. checkWindow also holds the
// code to its dates and active flag (a late payment reviving an order does not: the
// code was good when the buyer paid).
func takeDiscount(ctx context.Context, q db.Querier, o domain.Order, now time.Time, checkWindow bool) error {
	cond := ""
	args := []any{o.DiscountID}
	if checkWindow {
		cond = ` AND active = $2 AND (starts_at IS NULL OR starts_at <= $3) AND (ends_at IS NULL OR ends_at > $3)`
		args = append(args, true, now.UTC())
	}
	var perCustomer int
	err := q.QueryRowContext(ctx, `UPDATE discount_codes SET used_count = used_count + 1
		WHERE id = $1 AND (usage_limit = 0 OR used_count < usage_limit)`+cond+` RETURNING per_customer_limit`,
		args...).Scan(&perCustomer)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrDiscountUsedUp
	} else if err != nil {
		return err
	}
	if perCustomer > 0 {
		used, err := count(ctx, q, `SELECT COUNT(*) FROM discount_redemptions WHERE discount_id = $1 AND customer_id = $2`,
			o.DiscountID, o.CustomerID)
		if err != nil {
			return err
		}
		if used >= perCustomer {
			return domain.ErrDiscountUsedUp
		}
	}
	_, err = q.ExecContext(ctx, `INSERT INTO discount_redemptions (order_id, discount_id, customer_id, created_at)
		VALUES ($1, $2, $3, $4)`, o.ID, o.DiscountID, o.CustomerID, now.UTC())
	return err
}

// releaseDiscount gives an order's code use back.
func releaseDiscount(ctx context.Context, q db.Querier, orderID string) error {
	res, err := q.ExecContext(ctx, `DELETE FROM discount_redemptions WHERE order_id = $1`, orderID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE discount_codes SET used_count = used_count - 1
		WHERE id = (SELECT discount_id FROM orders WHERE id = $1) AND used_count > 0`, orderID)
	return err
}

// units is how many of one variant a statement takes or gives back.
type units struct {
	variant string
	n       int
}

// stockOf sums the orders' lines per variant, in variant id order: the order every
// statement that changes several variants' stock locks them in.
func stockOf(orders []domain.Order) []units {
	sum := map[string]int{}
	for _, o := range orders {
		for _, l := range o.Lines {
			sum[l.VariantID] += l.Quantity
		}
	}
	out := make([]units, 0, len(sum))
	for v, n := range sum {
		out = append(out, units{v, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].variant < out[j].variant })
	return out
}

// takeStock takes each variant's units with a conditional UPDATE, so stock never
// goes below zero whatever runs beside it; every variant short is reported with
// what it has left.
func takeStock(ctx context.Context, q db.Querier, us []units) error {
	var short []string
	for _, u := range us {
		res, err := q.ExecContext(ctx, `UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1`, u.n, u.variant)
		if err := oneRow(res, err); errors.Is(err, domain.ErrNotFound) {
			short = append(short, u.variant)
		} else if err != nil {
			return err
		}
	}
	if len(short) == 0 {
		return nil
	}
	e := &domain.InsufficientError{}
	for _, id := range short {
		sh := domain.Shortage{VariantID: id}
		if err := q.QueryRowContext(ctx, `SELECT stock FROM variants WHERE id = $1`, id).Scan(&sh.Available); err != nil &&
			!errors.Is(err, sql.ErrNoRows) {
			return err
		}
		e.Short = append(e.Short, sh)
	}
	return e
}

// restock gives an order's units back, variant by variant in id order.
func restock(ctx context.Context, q db.Querier, orderID string) error {
	rows, err := q.QueryContext(ctx, `SELECT variant_id, SUM(quantity) FROM order_lines WHERE order_id = $1
		GROUP BY variant_id ORDER BY variant_id`, orderID)
	if err != nil {
		return err
	}
	var us []units
	for rows.Next() {
		var u units
		if err := rows.Scan(&u.variant, &u.n); err != nil {
			rows.Close()
			return err
		}
		us = append(us, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, u := range us {
		if _, err := q.ExecContext(ctx, `UPDATE variants SET stock = stock + $1 WHERE id = $2`, u.n, u.variant); err != nil {
			return err
		}
	}
	return nil
}

// checkHoldLimits refuses the checkout when an unpaid order in it does not fit its
// vendor's limit given what the buyer holds unpaid there. It runs first in the
// checkout's transaction and serialises the buyer's checkouts until the commit
// (SQLite's write transactions are serial already; PostgreSQL takes an advisory
// lock), so parallel requests cannot all pass on the same count.
func (s *Store) checkHoldLimits(ctx context.Context, q db.Querier, orders []domain.Order, limits map[string]holds.Limit, now time.Time) error {
	locked := false
	for _, o := range orders {
		limit, ok := limits[o.VendorID]
		if !ok || limit.Unbounded() || !o.Unpaid() {
			continue
		}
		if !locked && s.dialect() == db.Postgres {
			if _, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
				"store-holds:"+o.CustomerID); err != nil {
				return err
			}
			locked = true
		}
		held, err := heldBy(ctx, q, o.CustomerID, o.VendorID, now)
		if err != nil {
			return err
		}
		if !limit.Allows(held, o.Units()) {
			return &domain.HoldLimitError{VendorID: o.VendorID, Held: held}
		}
	}
	return nil
}

// heldBy sums what customerID keeps unpaid at vendorID at now: open card checkouts
// whose hold has not lapsed, and pickup orders to pay at pickup not yet handed over.
func heldBy(ctx context.Context, q db.Querier, customerID, vendorID string, now time.Time) (holds.Held, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.hold_expires_at, (SELECT SUM(l.quantity) FROM order_lines l WHERE l.order_id = o.id)
		FROM orders o WHERE o.customer_id = $1 AND o.vendor_id = $2 AND o.payment_status = $3
		AND o.fulfillment_status IN ($4, $5) AND (o.hold_expires_at IS NULL OR o.hold_expires_at > $6)`,
		customerID, vendorID, string(domain.PaymentPending), string(domain.Unfulfilled), string(domain.ReadyForPickup), now.UTC())
	if err != nil {
		return holds.Held{}, err
	}
	defer rows.Close()
	var h holds.Held
	for rows.Next() {
		var until sql.NullTime
		var n int
		if err := rows.Scan(&until, &n); err != nil {
			return holds.Held{}, err
		}
		h.Orders++
		h.Units += n
		if until.Valid && (h.Until.IsZero() || until.Time.Before(h.Until)) {
			h.Until = until.Time.UTC()
		}
	}
	return h, rows.Err()
}
