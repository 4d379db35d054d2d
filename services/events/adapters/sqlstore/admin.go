package sqlstore

import (
	"context"

	"stepperslife/internal/kit/audit"
	"stepperslife/services/events/domain"
)

// RefundsOwed lists the completed orders of cancelled events, the latest cancelled
// first, and how many there are.
func (s *Store) RefundsOwed(ctx context.Context, limit, offset int) ([]domain.RefundOwed, int, error) {
	const from = ` FROM orders o JOIN events e ON e.id = o.event_id WHERE o.status = $1 AND e.status = $2`
	args := []any{string(domain.OrderCompleted), string(domain.EventCancelled)}
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, wrap("count refunds owed", "", err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+prefixed("o.", orderCols)+`, e.title, e.updated_at`+from+
		` ORDER BY e.updated_at DESC, o.created_at DESC, o.id LIMIT $3 OFFSET $4`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, wrap("list refunds owed", "", err)
	}
	defer rows.Close()
	var out []domain.RefundOwed
	for rows.Next() {
		var r domain.RefundOwed
		o, err := scanOrder(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &r.EventTitle, &r.Since)...)
		}))
		if err != nil {
			return nil, 0, wrap("list refunds owed", "", err)
		}
		r.Order, r.Since = o, r.Since.UTC()
		out = append(out, r)
	}
	return out, total, wrap("list refunds owed", "", rows.Err())
}

// scanFunc lets a row with more columns than scanOrder reads be scanned by it.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// RecordAudit writes an action to the kit's audit trail; on a store bound to a
// transaction, inside it, so the entry commits with the action it records.
func (s *Store) RecordAudit(ctx context.Context, e audit.Entry) error {
	_, err := audit.Record(ctx, s.q(), e)
	return wrap("record "+e.Action+" in the audit trail", e.Subject.ID, err)
}

// AuditTrail reads what was done to subject, newest first.
func (s *Store) AuditTrail(ctx context.Context, subject audit.Subject, limit int) ([]audit.Entry, error) {
	trail, err := audit.Trail(ctx, s.q(), subject, limit)
	return trail, wrap("audit trail of "+subject.Kind, subject.ID, err)
}
