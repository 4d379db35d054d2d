package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"stepperslife/internal/kit/audit"
	"stepperslife/services/classes/domain"
)

// ReportReview hides a shown review behind r; domain.ErrWrongState when it is no
// longer shown (reported or decided meanwhile).
func (s *Store) ReportReview(ctx context.Context, id string, r domain.Report) error {
	res, err := s.q().ExecContext(ctx, `UPDATE reviews SET standing = $2, reported_by = $3, report_reason = $4, reported_at = $5
		WHERE id = $1 AND standing = $6`, id, string(domain.ReviewReported), r.By, r.Reason, r.At.UTC(), string(domain.ReviewShown))
	return wrap("report review", id, changed(res, err))
}

// SetReviewStanding moves a review from one standing to another; domain.ErrWrongState
// when another admin moved it first.
func (s *Store) SetReviewStanding(ctx context.Context, id string, from, to domain.ReviewStanding) error {
	res, err := s.q().ExecContext(ctx, `UPDATE reviews SET standing = $3 WHERE id = $1 AND standing = $2`, id, string(from), string(to))
	return wrap("decide review", id, changed(res, err))
}

// ReportedReviews lists the reviews waiting for an admin, the latest reported first.
func (s *Store) ReportedReviews(ctx context.Context, limit, offset int) ([]domain.Review, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM reviews WHERE standing = $1`, string(domain.ReviewReported)).Scan(&total); err != nil {
		return nil, 0, wrap("count reported reviews", "", err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+reviewRead+` FROM reviews WHERE standing = $1 ORDER BY reported_at DESC, id LIMIT $2 OFFSET $3`,
		string(domain.ReviewReported), max(limit, 1), max(offset, 0))
	if err != nil {
		return nil, 0, wrap("reported reviews", "", err)
	}
	defer rows.Close()
	var out []domain.Review
	for rows.Next() {
		v, err := scanReview(rows)
		if err != nil {
			return nil, 0, wrap("reported reviews", "", err)
		}
		out = append(out, v)
	}
	return out, total, wrap("reported reviews", "", rows.Err())
}

// UnverifiedProfiles lists the instructors waiting to be verified, newest first.
func (s *Store) UnverifiedProfiles(ctx context.Context, limit, offset int) ([]domain.Profile, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM instructor_profiles WHERE verified = 0`).Scan(&total); err != nil {
		return nil, 0, wrap("count unverified profiles", "", err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+profileCols+` FROM instructor_profiles WHERE verified = 0
		ORDER BY created_at DESC, user_id LIMIT $1 OFFSET $2`, max(limit, 1), max(offset, 0))
	if err != nil {
		return nil, 0, wrap("unverified profiles", "", err)
	}
	defer rows.Close()
	var out []domain.Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, 0, wrap("unverified profiles", "", err)
		}
		out = append(out, p)
	}
	return out, total, wrap("unverified profiles", "", rows.Err())
}

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

// changed turns "no row changed" into domain.ErrWrongState: a conditional update
// found its row moved on.
func changed(res sql.Result, err error) error {
	if err := oneRow(res, err); errors.Is(err, domain.ErrNotFound) {
		return domain.ErrWrongState
	} else if err != nil {
		return err
	}
	return nil
}
