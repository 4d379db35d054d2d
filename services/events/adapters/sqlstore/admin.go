package sqlstore

import (
	"time"

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

// MessagesSince locks the event's row (a no-op write: PostgreSQL holds the row lock
// until the commit; SQLite's write transactions are serial already) and lists when
// the attendee messages recorded for it in the audit trail since since were sent,
// oldest first.
func (s *Store) MessagesSince(ctx context.Context, eventID string, since time.Time) ([]time.Time, error) {
	if _, err := s.q().ExecContext(ctx, `UPDATE events SET id = id WHERE id = $1`, eventID); err != nil {
		return nil, wrap("lock event for a message", eventID, err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT at FROM kit_audit WHERE subject_kind = $1 AND subject_id = $2
		AND action = $3 AND at > $4 ORDER BY at`, domain.AuditSubjectEvent, eventID, domain.AuditMessageAttendees, since.UTC())
	if err != nil {
		return nil, wrap("messages of event", eventID, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return nil, wrap("messages of event", eventID, err)
		}
		out = append(out, at.UTC())
	}
	return out, wrap("messages of event", eventID, rows.Err())
}
