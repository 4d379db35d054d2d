package sqlstore

import (
	"context"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/classes/domain"
)

// Enrollment finds an enrolment with the sessions whose seats it holds.
func (s *Store) Enrollment(ctx context.Context, id string) (domain.Enrollment, error) {
	e, err := scanEnrollment(s.q().QueryRowContext(ctx, `SELECT `+enrollmentCols+` FROM enrollments WHERE id = $1`, id))
	if err != nil {
		return e, wrap("enrolment", id, notFound(err))
	}
	e.SessionIDs, err = s.ids(ctx, `SELECT s.id FROM enrollment_seats es JOIN class_sessions s ON s.id = es.session_id
		WHERE es.enrollment_id = $1 AND es.held = 1 ORDER BY s.starts_at, s.id`, id)
	return e, wrap("seats of enrolment", id, err)
}

// EnrollmentsOfClass lists a class's enrolments in any of statuses (all when none),
// in the order they came.
func (s *Store) EnrollmentsOfClass(ctx context.Context, classID string, statuses ...domain.EnrollmentStatus) ([]domain.Enrollment, error) {
	var a db.Args
	query := `SELECT ` + enrollmentCols + ` FROM enrollments WHERE class_id = ` + a.Add(classID)
	if len(statuses) > 0 {
		query += ` AND status IN (` + a.List(db.Strings(statuses)...) + `)`
	}
	es, err := enrollments(ctx, s.q(), query+` ORDER BY created_at, id`, a.Values()...)
	return es, wrap("enrolments of class", classID, err)
}

// EnrollmentsInSession lists the enrolments holding seats in a session.
func (s *Store) EnrollmentsInSession(ctx context.Context, sessionID string) ([]domain.Enrollment, error) {
	es, err := enrollments(ctx, s.q(), `SELECT `+prefixed("e.", enrollmentCols)+` FROM enrollments e
		JOIN enrollment_seats es ON es.enrollment_id = e.id WHERE es.session_id = $1 AND es.held = 1
		ORDER BY e.student_name, e.id`, sessionID)
	return es, wrap("enrolments in session", sessionID, err)
}

// EnrollmentsOfStudent lists a student's enrolments, newest first, and how many
// there are.
func (s *Store) EnrollmentsOfStudent(ctx context.Context, studentID string, limit, offset int) ([]domain.Enrollment, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM enrollments WHERE student_id = $1`, studentID).Scan(&total); err != nil {
		return nil, 0, wrap("count enrolments of student", studentID, err)
	}
	es, err := enrollments(ctx, s.q(), `SELECT `+enrollmentCols+` FROM enrollments WHERE student_id = $1
		ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`, studentID, max(limit, 1), max(offset, 0))
	return es, total, wrap("enrolments of student", studentID, err)
}

// WaitlistPosition is where a waiting enrolment stands in its class's line (1: next).
func (s *Store) WaitlistPosition(ctx context.Context, classID string, waitSeq int64) (int, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM enrollments WHERE class_id = $1 AND status = $2 AND wait_seq <= $3`,
		classID, string(domain.EnrollWaitlisted), waitSeq).Scan(&n)
	return n, wrap("waitlist position", classID, err)
}

// ExpiredHolds lists unpaid card holds and claim windows that ran out at now.
func (s *Store) ExpiredHolds(ctx context.Context, now time.Time, limit int) ([]string, error) {
	ids, err := s.ids(ctx, `SELECT id FROM enrollments WHERE status IN ($1, $2) AND hold_expires_at <= $3
		ORDER BY hold_expires_at, id LIMIT $4`, string(domain.EnrollPendingPayment), string(domain.EnrollOffered), now.UTC(), limit)
	return ids, wrap("expired holds", "", err)
}

// ClassesWithWaiters lists published classes that have someone in line.
func (s *Store) ClassesWithWaiters(ctx context.Context) ([]string, error) {
	ids, err := s.ids(ctx, `SELECT DISTINCT e.class_id FROM enrollments e JOIN classes c ON c.id = e.class_id
		WHERE e.status = $1 AND c.status = $2 ORDER BY e.class_id`, string(domain.EnrollWaitlisted), string(domain.ClassPublished))
	return ids, wrap("classes with waiters", "", err)
}

func enrollments(ctx context.Context, q querier, query string, args ...any) ([]domain.Enrollment, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Enrollment
	for rows.Next() {
		e, err := scanEnrollment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// prefixed puts p in front of every column of a column list.
func prefixed(p, cols string) string {
	var out []byte
	start := true
	for i := 0; i < len(cols); i++ {
		ch := cols[i]
		if start && ch != ' ' && ch != '\n' && ch != '\t' {
			out = append(out, p...)
			start = false
		}
		out = append(out, ch)
		if ch == ',' {
			start = true
		}
	}
	return string(out)
}
