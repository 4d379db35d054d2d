package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/classes/domain"
)

const enrollmentCols = `id, class_id, session_id, student_id, student_name, student_email, kind, method, role,
	partner_name, partner_email, seats, status, amount_cents, fee_cents, refunded_cents, currency, wait_seq,
	hold_expires_at, checkout_session_id, checkout_url, payment_intent_id, door_paid_at, created_at, updated_at`

func scanEnrollment(r scanner) (domain.Enrollment, error) {
	var e domain.Enrollment
	var session sql.NullString
	var kind, method, role, status string
	var hold, door sql.NullTime
	err := r.Scan(&e.ID, &e.ClassID, &session, &e.StudentID, &e.StudentName, &e.StudentEmail, &kind, &method, &role,
		&e.PartnerName, &e.PartnerEmail, &e.Seats, &status, &e.AmountCents, &e.FeeCents, &e.RefundedCents, &e.Currency,
		&e.WaitSeq, &hold, &e.CheckoutSessionID, &e.CheckoutURL, &e.PaymentIntentID, &door, &e.CreatedAt, &e.UpdatedAt)
	e.SessionID, e.Kind, e.Method, e.Role, e.Status = session.String, domain.Kind(kind), domain.Method(method),
		domain.Role(role), domain.EnrollmentStatus(status)
	e.HoldExpiresAt, e.DoorPaidAt, e.CreatedAt, e.UpdatedAt = db.TimeOf(hold), db.TimeOf(door), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, err
}

func sessionIDs(ss []domain.Session) []string {
	out := make([]string, len(ss))
	for i, x := range ss {
		out[i] = x.ID
	}
	return out
}

// Enrol places e in its class under the class's lock. It refuses a student who
// already holds or waits for an overlapping place (domain.ErrAlreadyEnrolled) and a
// class not published or with nothing left to enrol in (domain.ErrNotOpen). When e
// fits in every session it asks for, it takes the seats (e.SessionIDs) and keeps
// e.Status; when it
// does not and waitlist is set, e goes to the end of the line (WAITLISTED, with the
// next WaitSeq); otherwise it fails with domain.ErrFull and nothing is written.
// Anyone in line whom seats fit is seated first, so nobody skips the line, and again
// after, since a new lead or follow may let someone waiting in. It returns those it
// seated or offered a seat from the line.
func (s *Store) Enrol(ctx context.Context, e *domain.Enrollment, waitlist bool, now time.Time) ([]domain.Enrollment, error) {
	var moved []domain.Enrollment
	err := s.inTx(ctx, func(q querier) error {
		moved = nil
		c, waiting, err := s.lockedClassWaiting(ctx, q, e.ClassID)
		if err != nil {
			return err
		}
		if c.Status != domain.ClassPublished {
			return domain.ErrNotOpen
		}
		if err := checkDuplicate(ctx, q, e); err != nil {
			return err
		}
		if waiting {
			if moved, err = promote(ctx, q, c, now); err != nil {
				return err
			}
		}
		ss, err := sessions(ctx, q, `SELECT `+sessionCols+` FROM class_sessions WHERE class_id = $1 ORDER BY starts_at, id`, c.ID)
		if err != nil {
			return err
		}
		targets := domain.Targets(ss, e.Kind, e.SessionID, now)
		if len(targets) == 0 {
			return domain.ErrNotOpen
		}
		switch {
		case e.FitsAll(targets, c.RoleCap):
			if err := insertEnrollment(ctx, q, *e); err != nil {
				return err
			}
			if err := takeSeats(ctx, q, *e, targets); err != nil {
				return err
			}
			e.SessionIDs = sessionIDs(targets)
		case waitlist:
			e.Status, e.HoldExpiresAt = domain.EnrollWaitlisted, nil
			if e.WaitSeq, err = nextWaitSeq(ctx, q, c.ID); err != nil {
				return err
			}
			if err := insertEnrollment(ctx, q, *e); err != nil {
				return err
			}
		default:
			return domain.ErrFull
		}
		if !waiting {
			return nil // e itself, if in line, was just found not to fit
		}
		after, err := promote(ctx, q, c, now)
		moved = append(moved, after...)
		return err
	})
	return moved, wrap("enrol", e.ID, err)
}

// checkDuplicate refuses e when its student already holds or waits for a place in the
// class it would overlap: any place next to a series, or the same drop-in session.
func checkDuplicate(ctx context.Context, q querier, e *domain.Enrollment) error {
	rows, err := q.QueryContext(ctx, `SELECT kind, COALESCE(session_id, '') FROM enrollments
		WHERE class_id = $1 AND student_id = $2 AND status IN ($3, $4, $5, $6)`, e.ClassID, e.StudentID,
		string(domain.EnrollConfirmed), string(domain.EnrollPendingPayment), string(domain.EnrollOffered), string(domain.EnrollWaitlisted))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, session string
		if err := rows.Scan(&kind, &session); err != nil {
			return err
		}
		if domain.Kind(kind) == domain.KindSeries || e.Kind == domain.KindSeries || session == e.SessionID {
			return domain.ErrAlreadyEnrolled
		}
	}
	return rows.Err()
}

func nextWaitSeq(ctx context.Context, q querier, classID string) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, `UPDATE classes SET wait_seq = wait_seq + 1 WHERE id = $1 RETURNING wait_seq`, classID).Scan(&seq)
	return seq, err
}

func insertEnrollment(ctx context.Context, q querier, e domain.Enrollment) error {
	_, err := q.ExecContext(ctx, `INSERT INTO enrollments (`+enrollmentCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
		$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, '', '', '', NULL, $20, $21)`,
		e.ID, e.ClassID, db.NullString(e.SessionID), e.StudentID, e.StudentName, e.StudentEmail, string(e.Kind), string(e.Method),
		string(e.Role), e.PartnerName, e.PartnerEmail, e.Seats, string(e.Status), e.AmountCents, e.FeeCents, e.RefundedCents,
		e.Currency, e.WaitSeq, db.NullTime(e.HoldExpiresAt), e.CreatedAt.UTC(), e.UpdatedAt.UTC())
	return err
}

// takeSeats takes e's seats in targets, in start order, each with a conditional
// UPDATE re-checked under the row lock; a session without room fails with
// domain.ErrFull (the caller's transaction rolls back).
func takeSeats(ctx context.Context, q querier, e domain.Enrollment, targets []domain.Session) error {
	for _, x := range targets {
		res, err := q.ExecContext(ctx, `UPDATE class_sessions SET taken = taken + $2, leads = leads + $3, follows = follows + $4
			WHERE id = $1 AND status = $5 AND taken + $2 <= capacity`, x.ID, e.Seats, e.Leads(), e.Follows(),
			string(domain.SessionScheduled))
		if err := oneRow(res, err); err == domain.ErrNotFound {
			return domain.ErrFull
		} else if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO enrollment_seats (enrollment_id, session_id, held) VALUES ($1, $2, 1)
			ON CONFLICT (enrollment_id, session_id) DO UPDATE SET held = 1`, e.ID, x.ID); err != nil {
			return err
		}
	}
	return nil
}

// giveBackSeats returns e's seats in the sessions that have not started at now (a
// past session keeps who sat in it, for its roster).
func giveBackSeats(ctx context.Context, q querier, e domain.Enrollment, now time.Time) error {
	ids, err := heldSessions(ctx, q, e.ID, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := q.ExecContext(ctx, `UPDATE class_sessions SET taken = taken - $2, leads = leads - $3, follows = follows - $4
			WHERE id = $1`, id, e.Seats, e.Leads(), e.Follows()); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE enrollment_seats SET held = 0 WHERE enrollment_id = $1 AND session_id = $2`, e.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// heldSessions lists the sessions, not started at now, whose seats e holds, in start
// order (the order seats are taken in).
func heldSessions(ctx context.Context, q querier, enrollmentID string, now time.Time) ([]string, error) {
	return db.IDs(ctx, q, `SELECT s.id FROM enrollment_seats es JOIN class_sessions s ON s.id = es.session_id
		WHERE es.enrollment_id = $1 AND es.held = 1 AND s.starts_at > $2 ORDER BY s.starts_at, s.id`, enrollmentID, now.UTC())
}

// promote seats people from class c's line at now, first come first: the first in
// line whom free seats fit is seated (a free class) or offered them for a claim
// window (a paid one), then the line is looked at again from its start, since a new
// lead or follow may let in someone passed over for balance. A waiter with nothing
// left to wait for (a drop-in whose session passed or was cancelled) leaves the line
// EXPIRED. It returns whom it seated or offered.
func promote(ctx context.Context, q querier, c domain.Class, now time.Time) ([]domain.Enrollment, error) {
	var out []domain.Enrollment
	for {
		waiting, err := enrollments(ctx, q, `SELECT `+enrollmentCols+` FROM enrollments WHERE class_id = $1 AND status = $2
			ORDER BY wait_seq, id`, c.ID, string(domain.EnrollWaitlisted))
		if err != nil || len(waiting) == 0 {
			return out, err
		}
		ss, err := sessions(ctx, q, `SELECT `+sessionCols+` FROM class_sessions WHERE class_id = $1 ORDER BY starts_at, id`, c.ID)
		if err != nil {
			return out, err
		}
		seated := false
		for _, w := range waiting {
			targets := domain.Targets(ss, w.Kind, w.SessionID, now)
			if len(targets) == 0 {
				if _, err := q.ExecContext(ctx, `UPDATE enrollments SET status = $2, updated_at = $3 WHERE id = $1 AND status = $4`,
					w.ID, string(domain.EnrollExpired), now.UTC(), string(domain.EnrollWaitlisted)); err != nil {
					return out, err
				}
				continue
			}
			if !w.FitsAll(targets, c.RoleCap) {
				continue
			}
			w.Status, w.HoldExpiresAt = domain.EnrollConfirmed, nil
			if w.AmountCents > 0 {
				until := domain.OfferUntil(now, targets[0].StartsAt)
				w.Status, w.HoldExpiresAt = domain.EnrollOffered, &until
			}
			if _, err := q.ExecContext(ctx, `UPDATE enrollments SET status = $2, hold_expires_at = $3, updated_at = $4 WHERE id = $1`,
				w.ID, string(w.Status), db.NullTime(w.HoldExpiresAt), now.UTC()); err != nil {
				return out, err
			}
			if err := takeSeats(ctx, q, w, targets); err != nil {
				return out, err
			}
			w.UpdatedAt = now.UTC()
			out = append(out, w)
			seated = true
			break
		}
		if !seated {
			return out, nil
		}
	}
}

// Release moves enrolment id from one of from to to, adding refundCents to what it
// was refunded, and gives back its seats in sessions not started yet; then seats
// whom the freed seats fit from the line. It reports the enrolment as it was before
// and whether it moved (false: it was in none of from; nothing changed), and
// whom it seated or offered from the line.
func (s *Store) Release(ctx context.Context, id string, from []domain.EnrollmentStatus, to domain.EnrollmentStatus,
	refundCents int64, now time.Time) (domain.Enrollment, bool, []domain.Enrollment, error) {
	var before domain.Enrollment
	var moved []domain.Enrollment
	done := false
	err := s.inTx(ctx, func(q querier) error {
		moved, done = nil, false
		classID, err := classOf(ctx, q, id)
		if err != nil {
			return err
		}
		c, err := s.lockedClass(ctx, q, classID)
		if err != nil {
			return err
		}
		if before, err = scanEnrollment(q.QueryRowContext(ctx, `SELECT `+enrollmentCols+` FROM enrollments WHERE id = $1`, id)); err != nil {
			return notFound(err)
		}
		var a db.Args
		res, err := q.ExecContext(ctx, `UPDATE enrollments SET status = `+a.Add(string(to))+`, refunded_cents = refunded_cents + `+
			a.Add(refundCents)+`, hold_expires_at = NULL, updated_at = `+a.Add(now.UTC())+` WHERE id = `+a.Add(id)+
			` AND status IN (`+a.List(db.Strings(from)...)+`)`, a.Values()...)
		if err := oneRow(res, err); err == domain.ErrNotFound {
			return nil
		} else if err != nil {
			return err
		}
		done = true
		if before.Status.HoldsSeats() {
			if err := giveBackSeats(ctx, q, before, now); err != nil {
				return err
			}
		}
		if c.Status != domain.ClassPublished {
			return nil // nobody is seated in a class that is over or cancelled
		}
		moved, err = promote(ctx, q, c, now)
		return err
	})
	return before, done, moved, wrap("release enrolment", id, err)
}

// Promote seats whom free seats fit from class classID's line at now (the sweeper
// calls it as sessions pass), and returns them.
func (s *Store) Promote(ctx context.Context, classID string, now time.Time) ([]domain.Enrollment, error) {
	var moved []domain.Enrollment
	err := s.inTx(ctx, func(q querier) error {
		c, err := s.lockedClass(ctx, q, classID)
		if err != nil {
			return err
		}
		if c.Status != domain.ClassPublished {
			return nil
		}
		moved, err = promote(ctx, q, c, now)
		return err
	})
	return moved, wrap("promote", classID, err)
}

// AddRefund records money given back on an enrolment that keeps its place (its
// session was cancelled).
func (s *Store) AddRefund(ctx context.Context, id string, cents int64, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE enrollments SET refunded_cents = refunded_cents + $2, updated_at = $3
		WHERE id = $1 AND refunded_cents + $2 <= amount_cents`, id, cents, now.UTC())
	return wrap("add refund", id, oneRow(res, err))
}

func classOf(ctx context.Context, q querier, enrollmentID string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT class_id FROM enrollments WHERE id = $1`, enrollmentID).Scan(&id)
	return id, notFound(err)
}

// Claim takes up an offered seat before its window ends: OFFERED → to, with a new
// hold until holdUntil (a card payment's) or none. It reports whether it did.
func (s *Store) Claim(ctx context.Context, id string, to domain.EnrollmentStatus, method domain.Method, fee int64,
	holdUntil *time.Time, now time.Time) (bool, error) {
	res, err := s.q().ExecContext(ctx, `UPDATE enrollments SET status = $2, method = $3, fee_cents = $4, hold_expires_at = $5,
		updated_at = $6 WHERE id = $1 AND status = $7 AND hold_expires_at > $6`, id, string(to), string(method), fee,
		db.NullTime(holdUntil), now.UTC(), string(domain.EnrollOffered))
	err = oneRow(res, err)
	if err == domain.ErrNotFound {
		return false, nil
	}
	return err == nil, wrap("claim", id, err)
}

// Confirm marks an unpaid card enrolment paid; it reports whether it was unpaid.
func (s *Store) Confirm(ctx context.Context, id, paymentIntentID string, now time.Time) (bool, error) {
	res, err := s.q().ExecContext(ctx, `UPDATE enrollments SET status = $2, hold_expires_at = NULL, updated_at = $3,
		payment_intent_id = CASE WHEN $4 = '' THEN payment_intent_id ELSE $4 END WHERE id = $1 AND status = $5`,
		id, string(domain.EnrollConfirmed), now.UTC(), paymentIntentID, string(domain.EnrollPendingPayment))
	err = oneRow(res, err)
	if err == domain.ErrNotFound {
		return false, nil
	}
	return err == nil, wrap("confirm", id, err)
}

// SetCheckout records the card checkout opened for an enrolment.
func (s *Store) SetCheckout(ctx context.Context, id, sessionID, url, paymentIntentID string) error {
	res, err := s.q().ExecContext(ctx, `UPDATE enrollments SET checkout_session_id = $2, checkout_url = $3,
		payment_intent_id = CASE WHEN $4 = '' THEN payment_intent_id ELSE $4 END WHERE id = $1`, id, sessionID, url, paymentIntentID)
	return wrap("set checkout", id, oneRow(res, err))
}

// MarkDoorPaid records that a door payer paid.
func (s *Store) MarkDoorPaid(ctx context.Context, id string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE enrollments SET door_paid_at = $2, updated_at = $2 WHERE id = $1 AND method = $3
		AND status = $4 AND door_paid_at IS NULL`, id, now.UTC(), string(domain.PayDoor), string(domain.EnrollConfirmed))
	return wrap("mark door paid", id, oneRow(res, err))
}
