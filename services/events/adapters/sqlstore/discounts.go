package sqlstore

import (
	"context"
	"database/sql"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

const discountCols = `id, event_id, code, kind, amount, usage_limit, used_count, expires_at, created_at`

func scanDiscount(r scanner) (domain.Discount, error) {
	var d domain.Discount
	var kind string
	var exp sql.NullTime
	err := r.Scan(&d.ID, &d.EventID, &d.Code, &kind, &d.Amount, &d.UsageLimit, &d.UsedCount, &exp, &d.CreatedAt)
	d.Kind, d.ExpiresAt, d.CreatedAt = domain.DiscountKind(kind), db.TimeOf(exp), d.CreatedAt.UTC()
	return d, err
}

// ErrDuplicate is returned when a unique name is taken.
var ErrDuplicate = domain.ErrDuplicate

// CreateDiscount stores a new code; a code already used at this event is ErrDuplicate.
func (s *Store) CreateDiscount(ctx context.Context, d domain.Discount) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO discount_codes (`+discountCols+`) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8)`,
		d.ID, d.EventID, d.Code, string(d.Kind), d.Amount, d.UsageLimit, db.NullTime(d.ExpiresAt), d.CreatedAt.UTC())
	if isUnique(err) {
		err = ErrDuplicate
	}
	return wrap("create discount code", d.Code, err)
}

// DiscountByCode finds an event's code.
func (s *Store) DiscountByCode(ctx context.Context, eventID, code string) (domain.Discount, error) {
	d, err := scanDiscount(s.q().QueryRowContext(ctx, `SELECT `+discountCols+` FROM discount_codes
		WHERE event_id = $1 AND code = $2`, eventID, code))
	return d, wrap("discount code", code, notFound(err))
}

// DiscountsOf lists an event's codes.
func (s *Store) DiscountsOf(ctx context.Context, eventID string) ([]domain.Discount, error) {
	out, err := s.discountsOf(ctx, eventID)
	return out, wrap("discount codes of event", eventID, err)
}

func (s *Store) discountsOf(ctx context.Context, eventID string) ([]domain.Discount, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT `+discountCols+` FROM discount_codes WHERE event_id = $1 ORDER BY created_at, id`, eventID)
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
