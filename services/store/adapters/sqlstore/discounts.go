package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"stepperslife/internal/kit/db"
	"stepperslife/services/store/domain"
)

const discountCols = `id, vendor_id, code, kind, amount, min_subtotal_cents, max_discount_cents, usage_limit,
	per_customer_limit, used_count, starts_at, ends_at, active, created_at`

func scanDiscount(r scanner) (domain.Discount, error) {
	var d domain.Discount
	var kind string
	var starts, ends sql.NullTime
	err := r.Scan(&d.ID, &d.VendorID, &d.Code, &kind, &d.Amount, &d.MinSubtotalCents, &d.MaxDiscountCents, &d.UsageLimit,
		&d.PerCustomerLimit, &d.UsedCount, &starts, &ends, &d.Active, &d.CreatedAt)
	d.Kind, d.StartsAt, d.EndsAt, d.CreatedAt = domain.DiscountKind(kind), db.TimeOf(starts), db.TimeOf(ends), d.CreatedAt.UTC()
	return d, err
}

// CreateDiscount stores a new code; a code the vendor has already is
// domain.ErrDuplicate.
func (s *Store) CreateDiscount(ctx context.Context, d domain.Discount) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO discount_codes (`+discountCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13)`,
		d.ID, d.VendorID, d.Code, string(d.Kind), d.Amount, d.MinSubtotalCents, d.MaxDiscountCents, d.UsageLimit,
		d.PerCustomerLimit, db.NullTime(d.StartsAt), db.NullTime(d.EndsAt), d.Active, d.CreatedAt.UTC())
	return wrap("create discount code", strconv.Quote(d.Code), unique(err))
}

// Discount finds a code by id.
func (s *Store) Discount(ctx context.Context, id string) (domain.Discount, error) {
	d, err := scanDiscount(s.q().QueryRowContext(ctx, `SELECT `+discountCols+` FROM discount_codes WHERE id = $1`, id))
	return d, wrap("discount code", id, notFound(err))
}

// DiscountsByCode finds code at each of vendorIDs that has it, by vendor id.
func (s *Store) DiscountsByCode(ctx context.Context, vendorIDs []string, code string) (map[string]domain.Discount, error) {
	out := map[string]domain.Discount{}
	if len(vendorIDs) == 0 {
		return out, nil
	}
	var a db.Args
	keys := make([]any, len(vendorIDs))
	for i, id := range vendorIDs {
		keys[i] = id
	}
	ds, err := s.discounts(ctx, `SELECT `+discountCols+` FROM discount_codes WHERE code = `+a.Add(code)+
		` AND vendor_id IN (`+a.List(keys...)+`)`, a.Values()...)
	for _, d := range ds {
		out[d.VendorID] = d
	}
	return out, wrap("discount codes", strconv.Quote(code), err)
}

// DiscountsOf lists a vendor's codes, newest first.
func (s *Store) DiscountsOf(ctx context.Context, vendorID string) ([]domain.Discount, error) {
	ds, err := s.discounts(ctx, `SELECT `+discountCols+` FROM discount_codes WHERE vendor_id = $1
		ORDER BY created_at DESC, id`, vendorID)
	return ds, wrap("discount codes of vendor", vendorID, err)
}

func (s *Store) discounts(ctx context.Context, query string, args ...any) ([]domain.Discount, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Discount
	for rows.Next() {
		d, err := scanDiscount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetDiscountActive turns a code on or off.
func (s *Store) SetDiscountActive(ctx context.Context, id string, active bool) error {
	res, err := s.q().ExecContext(ctx, `UPDATE discount_codes SET active = $2 WHERE id = $1`, id, active)
	return wrap("set discount code active", id, oneRow(res, err))
}

// Redemptions counts the orders of customerID that hold a use of the code.
func (s *Store) Redemptions(ctx context.Context, discountID, customerID string) (int, error) {
	n, err := count(ctx, s.q(), `SELECT COUNT(*) FROM discount_redemptions WHERE discount_id = $1 AND customer_id = $2`,
		discountID, customerID)
	return n, wrap("redemptions of discount code", discountID, err)
}
