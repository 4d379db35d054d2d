package sqlstore

import (
	"context"

	"stepperslife/internal/kit/audit"
)

// RecordAudit writes an admin action to the kit's audit trail; on a store bound to a
// transaction, inside it, so the entry commits with the action it records.
func (s *Store) RecordAudit(ctx context.Context, e audit.Entry) error {
	_, err := audit.Record(ctx, s.q(), e)
	return wrap("record "+e.Action+" in the audit trail", e.Subject.ID, err)
}

// AuditTrail reads what admins did to subject, newest first.
func (s *Store) AuditTrail(ctx context.Context, subject audit.Subject, limit int) ([]audit.Entry, error) {
	trail, err := audit.Trail(ctx, s.q(), subject, limit)
	return trail, wrap("audit trail of "+subject.Kind, subject.ID, err)
}
