package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/classes/domain"
)

// Roster lists who holds a seat at a session, with their attendance mark if any.
func (s *Store) Roster(ctx context.Context, sessionID string) ([]domain.RosterLine, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT `+prefixed("e.", enrollmentCols)+`, a.status, a.marked_by, a.marked_at
		FROM enrollments e JOIN enrollment_seats es ON es.enrollment_id = e.id
		LEFT JOIN attendance a ON a.session_id = es.session_id AND a.enrollment_id = e.id
		WHERE es.session_id = $1 AND es.held = 1 ORDER BY e.student_name, e.id`, sessionID)
	if err != nil {
		return nil, wrap("roster", sessionID, err)
	}
	defer rows.Close()
	var out []domain.RosterLine
	for rows.Next() {
		var l domain.RosterLine
		var status, by sql.NullString
		var at sql.NullTime
		e := &l.Enrollment
		var session sql.NullString
		var kind, method, role, st string
		var hold, door sql.NullTime
		if err := rows.Scan(&e.ID, &e.ClassID, &session, &e.StudentID, &e.StudentName, &e.StudentEmail, &kind, &method, &role,
			&e.PartnerName, &e.PartnerEmail, &e.Seats, &st, &e.AmountCents, &e.FeeCents, &e.RefundedCents, &e.Currency,
			&e.WaitSeq, &hold, &e.CheckoutSessionID, &e.CheckoutURL, &e.PaymentIntentID, &door, &e.CreatedAt, &e.UpdatedAt,
			&status, &by, &at); err != nil {
			return nil, wrap("roster", sessionID, err)
		}
		e.SessionID, e.Kind, e.Method, e.Role, e.Status = session.String, domain.Kind(kind), domain.Method(method),
			domain.Role(role), domain.EnrollmentStatus(st)
		e.HoldExpiresAt, e.DoorPaidAt = db.TimeOf(hold), db.TimeOf(door)
		if status.Valid {
			l.Attendance = &domain.Attendance{SessionID: sessionID, EnrollmentID: e.ID, Status: domain.AttendanceStatus(status.String),
				MarkedBy: by.String, MarkedAt: at.Time.UTC()}
		}
		out = append(out, l)
	}
	return out, wrap("roster", sessionID, rows.Err())
}

// SetAttendance records marks at one session, all or none: a mark for an enrolment
// that holds no seat there fails with domain.ErrNotFound.
func (s *Store) SetAttendance(ctx context.Context, sessionID string, marks []domain.Attendance) error {
	return wrap("set attendance", sessionID, s.inTx(ctx, func(q querier) error {
		for _, m := range marks {
			res, err := q.ExecContext(ctx, `INSERT INTO attendance (session_id, enrollment_id, status, marked_by, marked_at)
				SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM enrollment_seats WHERE session_id = $1 AND enrollment_id = $2 AND held = 1)
				ON CONFLICT (session_id, enrollment_id) DO UPDATE SET status = excluded.status, marked_by = excluded.marked_by,
				marked_at = excluded.marked_at`, sessionID, m.EnrollmentID, string(m.Status), m.MarkedBy, m.MarkedAt.UTC())
			if err := oneRow(res, err); err != nil {
				return err
			}
		}
		return nil
	}))
}

// AttendanceRates is, per student of a class, how many sessions they were marked at
// and how many of those they attended (present or late).
func (s *Store) AttendanceRates(ctx context.Context, classID string) (map[string][2]int, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT e.student_id, COUNT(*), SUM(CASE WHEN a.status IN ($2, $3) THEN 1 ELSE 0 END)
		FROM attendance a JOIN enrollments e ON e.id = a.enrollment_id WHERE e.class_id = $1 GROUP BY e.student_id`,
		classID, string(domain.Present), string(domain.Late))
	if err != nil {
		return nil, wrap("attendance rates", classID, err)
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var id string
		var marked, attended int
		if err := rows.Scan(&id, &marked, &attended); err != nil {
			return nil, wrap("attendance rates", classID, err)
		}
		out[id] = [2]int{attended, marked}
	}
	return out, wrap("attendance rates", classID, rows.Err())
}

// Attended reports whether a student was marked present or late at any session of
// a class.
func (s *Store) Attended(ctx context.Context, classID, studentID string) (bool, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM attendance a JOIN enrollments e ON e.id = a.enrollment_id
		WHERE e.class_id = $1 AND e.student_id = $2 AND a.status IN ($3, $4)`, classID, studentID,
		string(domain.Present), string(domain.Late)).Scan(&n)
	return n > 0, wrap("attended", classID, err)
}

const reviewCols = `id, class_id, student_id, student_name, rating, body, reply, replied_at, created_at`

// reviewRead is reviewCols and where the review stands.
const reviewRead = reviewCols + `, standing, reported_by, report_reason, reported_at`

func scanReview(r scanner) (domain.Review, error) {
	var v domain.Review
	var replied, reported sql.NullTime
	var standing, by, why string
	err := r.Scan(&v.ID, &v.ClassID, &v.StudentID, &v.StudentName, &v.Rating, &v.Body, &v.Reply, &replied, &v.CreatedAt,
		&standing, &by, &why, &reported)
	v.RepliedAt, v.CreatedAt, v.Standing = db.TimeOf(replied), v.CreatedAt.UTC(), domain.ReviewStanding(standing)
	if reported.Valid {
		v.Report = &domain.Report{By: by, Reason: why, At: reported.Time.UTC()}
	}
	return v, err
}

// AddReview stores a review; a second by the same student is domain.ErrDuplicate.
func (s *Store) AddReview(ctx context.Context, v domain.Review) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO reviews (`+reviewCols+`) VALUES ($1, $2, $3, $4, $5, $6, '', NULL, $7)`,
		v.ID, v.ClassID, v.StudentID, v.StudentName, v.Rating, v.Body, v.CreatedAt.UTC())
	if db.IsUniqueViolation(err) {
		err = domain.ErrDuplicate
	}
	return wrap("add review", v.ID, err)
}

// Review finds a review.
func (s *Store) Review(ctx context.Context, id string) (domain.Review, error) {
	v, err := scanReview(s.q().QueryRowContext(ctx, `SELECT `+reviewRead+` FROM reviews WHERE id = $1`, id))
	return v, wrap("review", id, notFound(err))
}

// SetReply records (or rewrites) the instructor's answer to a review.
func (s *Store) SetReply(ctx context.Context, id, body string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE reviews SET reply = $2, replied_at = $3 WHERE id = $1`, id, body, now.UTC())
	return wrap("reply to review", id, oneRow(res, err))
}

// Reviews lists a class's reviews the public reads (neither reported nor removed),
// newest first.
func (s *Store) Reviews(ctx context.Context, classID string) ([]domain.Review, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT `+reviewRead+` FROM reviews WHERE class_id = $1 AND standing IN ($2, $3)
		ORDER BY created_at DESC, id`, classID, string(domain.ReviewShown), string(domain.ReviewKept))
	if err != nil {
		return nil, wrap("reviews", classID, err)
	}
	defer rows.Close()
	var out []domain.Review
	for rows.Next() {
		v, err := scanReview(rows)
		if err != nil {
			return nil, wrap("reviews", classID, err)
		}
		out = append(out, v)
	}
	return out, wrap("reviews", classID, rows.Err())
}

// DueReminders lists, at most limit, the seats of confirmed enrolments at scheduled
// sessions starting after now and at most within ahead, not yet reminded of at that
// time.
func (s *Store) DueReminders(ctx context.Context, now time.Time, ahead time.Duration, limit int) ([]domain.Reminder, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT s.id, e.id, s.starts_at FROM class_sessions s
		JOIN enrollment_seats es ON es.session_id = s.id AND es.held = 1
		JOIN enrollments e ON e.id = es.enrollment_id
		WHERE s.status = $1 AND s.starts_at > $2 AND s.starts_at <= $3 AND e.status = $4
		AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.session_id = s.id AND r.enrollment_id = e.id AND r.starts_at = s.starts_at)
		ORDER BY s.starts_at, s.id, e.id LIMIT $5`, string(domain.SessionScheduled), now.UTC(), now.Add(ahead).UTC(),
		string(domain.EnrollConfirmed), limit)
	if err != nil {
		return nil, wrap("due reminders", "", err)
	}
	defer rows.Close()
	var out []domain.Reminder
	for rows.Next() {
		var r domain.Reminder
		if err := rows.Scan(&r.SessionID, &r.EnrollmentID, &r.StartsAt); err != nil {
			return nil, wrap("due reminders", "", err)
		}
		r.StartsAt = r.StartsAt.UTC()
		out = append(out, r)
	}
	return out, wrap("due reminders", "", rows.Err())
}

// MarkReminded records a reminder as sent; it reports false, changing nothing, when
// it was recorded already (another process took it).
func (s *Store) MarkReminded(ctx context.Context, r domain.Reminder, now time.Time) (bool, error) {
	res, err := s.q().ExecContext(ctx, `INSERT INTO reminders (session_id, enrollment_id, starts_at, sent_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (session_id, enrollment_id, starts_at) DO NOTHING`, r.SessionID, r.EnrollmentID, r.StartsAt.UTC(), now.UTC())
	if err := oneRow(res, err); errors.Is(err, domain.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, wrap("mark reminded", r.SessionID, err)
	}
	return true, nil
}

// Instructor reads an instructor's payout account; one never set is the zero value.
func (s *Store) Instructor(ctx context.Context, userID string) (domain.Instructor, error) {
	i := domain.Instructor{UserID: userID}
	var charges int
	err := s.q().QueryRowContext(ctx, `SELECT email, stripe_account_id, charges_enabled FROM instructors WHERE user_id = $1`, userID).
		Scan(&i.Email, &i.StripeAccountID, &charges)
	if errors.Is(err, sql.ErrNoRows) {
		return i, nil
	}
	i.ChargesEnabled = charges != 0
	return i, wrap("instructor", userID, err)
}

// SetInstructor records an instructor's payout account.
func (s *Store) SetInstructor(ctx context.Context, i domain.Instructor, now time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO instructors (user_id, email, stripe_account_id, charges_enabled, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email,
		stripe_account_id = excluded.stripe_account_id, charges_enabled = excluded.charges_enabled, updated_at = excluded.updated_at`,
		i.UserID, i.Email, i.StripeAccountID, boolInt(i.ChargesEnabled), now.UTC())
	return wrap("set instructor", i.UserID, err)
}

// SetChargesEnabled records what Stripe says a Connect account can do;
// domain.ErrNotFound when no instructor has it.
func (s *Store) SetChargesEnabled(ctx context.Context, accountID string, enabled bool, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE instructors SET charges_enabled = $2, updated_at = $3 WHERE stripe_account_id = $1`,
		accountID, boolInt(enabled), now.UTC())
	return wrap("set charges enabled", accountID, oneRow(res, err))
}

// InstructorsWhoCanCharge says which of userIDs can take card enrolments now.
func (s *Store) InstructorsWhoCanCharge(ctx context.Context, userIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var a db.Args
	ids, err := s.ids(ctx, `SELECT user_id FROM instructors WHERE stripe_account_id <> '' AND charges_enabled = 1 AND user_id IN (`+
		a.List(anyStrings(userIDs)...)+`)`, a.Values()...)
	for _, id := range ids {
		out[id] = true
	}
	return out, wrap("instructors who can charge", "", err)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AttendanceCounts counts a class's attendance marks by status.
func (s *Store) AttendanceCounts(ctx context.Context, classID string) (map[domain.AttendanceStatus]int, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT a.status, COUNT(*) FROM attendance a JOIN class_sessions s ON s.id = a.session_id
		WHERE s.class_id = $1 GROUP BY a.status`, classID)
	if err != nil {
		return nil, wrap("attendance counts", classID, err)
	}
	defer rows.Close()
	out := map[domain.AttendanceStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, wrap("attendance counts", classID, err)
		}
		out[domain.AttendanceStatus(st)] = n
	}
	return out, wrap("attendance counts", classID, rows.Err())
}

// CalendarToken is the token of a student's private calendar, token if the student
// had none yet.
func (s *Store) CalendarToken(ctx context.Context, studentID, token string, now time.Time) (string, error) {
	if _, err := s.q().ExecContext(ctx, `INSERT INTO calendar_feeds (student_id, token, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (student_id) DO NOTHING`, studentID, token, now.UTC()); err != nil {
		return "", wrap("calendar token", studentID, err)
	}
	var out string
	err := s.q().QueryRowContext(ctx, `SELECT token FROM calendar_feeds WHERE student_id = $1`, studentID).Scan(&out)
	return out, wrap("calendar token", studentID, err)
}

// StudentOfCalendar is the student whose private calendar token is; domain.ErrNotFound
// for none.
func (s *Store) StudentOfCalendar(ctx context.Context, token string) (string, error) {
	var id string
	err := s.q().QueryRowContext(ctx, `SELECT student_id FROM calendar_feeds WHERE token = $1`, token).Scan(&id)
	return id, wrap("student of calendar", "", notFound(err))
}

// HeldSessionsOfStudent lists the sessions a student holds seats in through places
// that hold seats (confirmed, unpaid, offered), by enrolment.
func (s *Store) HeldSessionsOfStudent(ctx context.Context, studentID string) ([]domain.Enrollment, error) {
	es, err := enrollments(ctx, s.q(), `SELECT `+enrollmentCols+` FROM enrollments WHERE student_id = $1 AND status IN ($2, $3, $4)
		ORDER BY created_at, id`, studentID, string(domain.EnrollConfirmed), string(domain.EnrollPendingPayment), string(domain.EnrollOffered))
	if err != nil {
		return nil, wrap("held sessions of student", studentID, err)
	}
	for i := range es {
		if es[i].SessionIDs, err = s.ids(ctx, `SELECT session_id FROM enrollment_seats WHERE enrollment_id = $1 AND held = 1`, es[i].ID); err != nil {
			return nil, wrap("held sessions of student", studentID, err)
		}
	}
	return es, nil
}
