package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/classes/domain"
)

const classCols = `id, slug, instructor_id, instructor_email, instructor_name, title, description, style, level,
	venue, address, capacity, price_cents, drop_in_price_cents, duration_minutes, cutoff_hours, role_cap,
	what_to_bring, prerequisites, cover_key, status, created_at, updated_at`

func scanClass(r scanner) (domain.Class, error) {
	var c domain.Class
	var status string
	var dropIn sql.NullInt64
	err := r.Scan(&c.ID, &c.Slug, &c.InstructorID, &c.InstructorEmail, &c.InstructorName, &c.Title, &c.Description,
		&c.Style, &c.Level, &c.Venue, &c.Address, &c.Capacity, &c.PriceCents, &dropIn, &c.DurationMinutes,
		&c.CutoffHours, &c.RoleCap, &c.WhatToBring, &c.Prerequisites, &c.CoverKey, &status, &c.CreatedAt, &c.UpdatedAt)
	c.Status = domain.ClassStatus(status)
	if dropIn.Valid {
		v := dropIn.Int64
		c.DropInPriceCents = &v
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

const sessionCols = `id, class_id, position, starts_at, ends_at, status, capacity, taken, leads, follows, sequence, updated_at`

func scanSession(r scanner) (domain.Session, error) {
	var x domain.Session
	var status string
	err := r.Scan(&x.ID, &x.ClassID, &x.Position, &x.StartsAt, &x.EndsAt, &status, &x.Capacity, &x.Taken, &x.Leads,
		&x.Follows, &x.Sequence, &x.UpdatedAt)
	x.Status = domain.SessionStatus(status)
	x.StartsAt, x.EndsAt, x.UpdatedAt = x.StartsAt.UTC(), x.EndsAt.UTC(), x.UpdatedAt.UTC()
	return x, err
}

// CreateClass stores a new class with its sessions.
func (s *Store) CreateClass(ctx context.Context, c domain.Class, ss []domain.Session) error {
	if len(ss) == 0 {
		return wrap("create class", c.ID, errors.New("a class needs a session"))
	}
	return wrap("create class", c.ID, s.inTx(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, `INSERT INTO classes (`+classCols+`, first_starts_at, last_ends_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
			c.ID, c.Slug, c.InstructorID, c.InstructorEmail, c.InstructorName, c.Title, c.Description, c.Style, c.Level,
			c.Venue, c.Address, c.Capacity, c.PriceCents, nullInt(c.DropInPriceCents), c.DurationMinutes, c.CutoffHours,
			c.RoleCap, c.WhatToBring, c.Prerequisites, c.CoverKey, string(c.Status), c.CreatedAt.UTC(), c.UpdatedAt.UTC(),
			ss[0].StartsAt.UTC(), ss[len(ss)-1].EndsAt.UTC()); err != nil {
			return err
		}
		for _, x := range ss {
			if _, err := q.ExecContext(ctx, `INSERT INTO class_sessions (`+sessionCols+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0, 0, $8)`, x.ID, c.ID, x.Position, x.StartsAt.UTC(),
				x.EndsAt.UTC(), string(x.Status), x.Capacity, x.UpdatedAt.UTC()); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Class finds a class by id.
func (s *Store) Class(ctx context.Context, id string) (domain.Class, error) {
	c, err := scanClass(s.q().QueryRowContext(ctx, `SELECT `+classCols+` FROM classes WHERE id = $1`, id))
	return c, wrap("class", id, notFound(err))
}

// ClassBySlug finds a class by slug.
func (s *Store) ClassBySlug(ctx context.Context, slug string) (domain.Class, error) {
	c, err := scanClass(s.q().QueryRowContext(ctx, `SELECT `+classCols+` FROM classes WHERE slug = $1`, slug))
	return c, wrap("class by slug", slug, notFound(err))
}

// SetClassStatus moves a class from one status to another, only if it is still in
// from (under its lock, so no enrolment is seated in a class being cancelled); it
// reports whether it did.
func (s *Store) SetClassStatus(ctx context.Context, id string, from, to domain.ClassStatus, now time.Time) (bool, error) {
	moved := false
	err := s.inTx(ctx, func(q querier) error {
		if err := s.lockClass(ctx, q, id); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `UPDATE classes SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2`,
			id, string(from), string(to), now.UTC())
		if err := oneRow(res, err); errors.Is(err, domain.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		moved = true
		if to == domain.ClassCancelled {
			_, err = q.ExecContext(ctx, `UPDATE class_sessions SET status = $2, sequence = sequence + 1, updated_at = $3
				WHERE class_id = $1 AND status = $4`, id, string(domain.SessionCancelled), now.UTC(), string(domain.SessionScheduled))
		}
		return err
	})
	return moved, wrap("set class status", id, err)
}

// ClaimClass sets the instructor id of a demo class made before its instructor had one.
func (s *Store) ClaimClass(ctx context.Context, id, instructorID string) error {
	res, err := s.q().ExecContext(ctx, `UPDATE classes SET instructor_id = $2 WHERE id = $1 AND instructor_id = ''`, id, instructorID)
	return wrap("claim class", id, oneRow(res, err))
}

// SetCover records a class's cover image key.
func (s *Store) SetCover(ctx context.Context, id, key string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE classes SET cover_key = $2, updated_at = $3 WHERE id = $1`, id, key, now.UTC())
	return wrap("set cover", id, oneRow(res, err))
}

// Sessions lists a class's sessions in order.
func (s *Store) Sessions(ctx context.Context, classID string) ([]domain.Session, error) {
	ss, err := sessions(ctx, s.q(), `SELECT `+sessionCols+` FROM class_sessions WHERE class_id = $1 ORDER BY starts_at, id`, classID)
	return ss, wrap("sessions of class", classID, err)
}

// SessionsOfClasses lists the sessions of several classes, by class id.
func (s *Store) SessionsOfClasses(ctx context.Context, classIDs []string) (map[string][]domain.Session, error) {
	out := map[string][]domain.Session{}
	if len(classIDs) == 0 {
		return out, nil
	}
	var a db.Args
	ss, err := sessions(ctx, s.q(), `SELECT `+sessionCols+` FROM class_sessions WHERE class_id IN (`+
		a.List(anyStrings(classIDs)...)+`) ORDER BY starts_at, id`, a.Values()...)
	if err != nil {
		return nil, wrap("sessions of classes", "", err)
	}
	for _, x := range ss {
		out[x.ClassID] = append(out[x.ClassID], x)
	}
	return out, nil
}

func sessions(ctx context.Context, q querier, query string, args ...any) ([]domain.Session, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Session
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// PublicClasses lists published classes not yet over, soonest first.
func (s *Store) PublicClasses(ctx context.Context, f domain.ClassFilter) ([]domain.Class, int, error) {
	var a db.Args
	where := `status = ` + a.Add(string(domain.ClassPublished)) + ` AND last_ends_at > ` + a.Add(f.EndsAfter.UTC())
	if q := strings.TrimSpace(f.Q); q != "" {
		p := a.Add(db.LikePattern(strings.ToLower(q)))
		where += ` AND (LOWER(title) LIKE ` + p + ` ESCAPE '\' OR LOWER(description) LIKE ` + p + ` ESCAPE '\' OR LOWER(venue) LIKE ` +
			p + ` ESCAPE '\' OR LOWER(instructor_name) LIKE ` + p + ` ESCAPE '\')`
	}
	if f.Style != "" {
		where += ` AND style = ` + a.Add(strings.ToUpper(f.Style))
	}
	if f.Level != "" {
		where += ` AND level = ` + a.Add(strings.ToUpper(f.Level))
	}
	if f.From != nil {
		where += ` AND last_ends_at >= ` + a.Add(f.From.UTC())
	}
	if f.To != nil {
		where += ` AND first_starts_at < ` + a.Add(f.To.UTC())
	}
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM classes WHERE `+where, a.Values()...).Scan(&total); err != nil {
		return nil, 0, wrap("count public classes", "", err)
	}
	limit := a.Add(max(f.Limit, 1))
	offset := a.Add(max(f.Offset, 0))
	cs, err := s.classes(ctx, `SELECT `+classCols+` FROM classes WHERE `+where+` ORDER BY first_starts_at, id LIMIT `+limit+` OFFSET `+offset, a.Values()...)
	return cs, total, wrap("public classes", "", err)
}

// ClassesOfInstructor lists the classes instructorID teaches, and the unclaimed demo
// classes made for email, soonest first.
func (s *Store) ClassesOfInstructor(ctx context.Context, instructorID, email string) ([]domain.Class, error) {
	cs, err := s.classes(ctx, `SELECT `+classCols+` FROM classes WHERE instructor_id = $1 OR (instructor_id = '' AND $2 <> '' AND instructor_email = $2)
		ORDER BY first_starts_at, id`, instructorID, email)
	return cs, wrap("classes of instructor", instructorID, err)
}

// CountClasses counts every class, for the demo loader.
func (s *Store) CountClasses(ctx context.Context) (int, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM classes`).Scan(&n)
	return n, wrap("count classes", "", err)
}

func (s *Store) classes(ctx context.Context, query string, args ...any) ([]domain.Class, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Class
	for rows.Next() {
		c, err := scanClass(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// WaitingCounts is how many are in line (WAITLISTED) at each class.
func (s *Store) WaitingCounts(ctx context.Context, classIDs []string) (map[string]int, error) {
	out := map[string]int{}
	if len(classIDs) == 0 {
		return out, nil
	}
	var a db.Args
	rows, err := s.q().QueryContext(ctx, `SELECT class_id, COUNT(*) FROM enrollments WHERE status = `+
		a.Add(string(domain.EnrollWaitlisted))+` AND class_id IN (`+a.List(anyStrings(classIDs)...)+`) GROUP BY class_id`, a.Values()...)
	if err != nil {
		return nil, wrap("waiting counts", "", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, wrap("waiting counts", "", err)
		}
		out[id] = n
	}
	return out, wrap("waiting counts", "", rows.Err())
}

// MoveSession gives a scheduled session a new time; calendars learn of it by its
// grown sequence. The class's span follows.
func (s *Store) MoveSession(ctx context.Context, classID, sessionID string, startsAt, endsAt, now time.Time) error {
	return wrap("move session", sessionID, s.inTx(ctx, func(q querier) error {
		if err := s.lockClass(ctx, q, classID); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `UPDATE class_sessions SET starts_at = $3, ends_at = $4, sequence = sequence + 1, updated_at = $5
			WHERE id = $1 AND class_id = $2 AND status = $6`, sessionID, classID, startsAt.UTC(), endsAt.UTC(), now.UTC(),
			string(domain.SessionScheduled))
		if err := oneRow(res, err); err != nil {
			return err
		}
		return spanClass(ctx, q, classID)
	}))
}

// CancelSession cancels one scheduled session of a class; it reports whether it did.
// The seats its enrolments held stay recorded: the use case refunds them.
func (s *Store) CancelSession(ctx context.Context, classID, sessionID string, now time.Time) (bool, error) {
	done := false
	err := s.inTx(ctx, func(q querier) error {
		if err := s.lockClass(ctx, q, classID); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `UPDATE class_sessions SET status = $3, sequence = sequence + 1, updated_at = $4
			WHERE id = $1 AND class_id = $2 AND status = $5`, sessionID, classID, string(domain.SessionCancelled), now.UTC(),
			string(domain.SessionScheduled))
		if err := oneRow(res, err); errors.Is(err, domain.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		done = true
		return nil
	})
	return done, wrap("cancel session", sessionID, err)
}

// spanClass sets a class's first start and last end from its sessions.
func spanClass(ctx context.Context, q querier, classID string) error {
	_, err := q.ExecContext(ctx, `UPDATE classes SET
		first_starts_at = (SELECT MIN(starts_at) FROM class_sessions WHERE class_id = $1),
		last_ends_at = (SELECT MAX(ends_at) FROM class_sessions WHERE class_id = $1) WHERE id = $1`, classID)
	return err
}

// CompletePast marks sessions that have ended COMPLETED, and published classes whose
// sessions are all over COMPLETED.
func (s *Store) CompletePast(ctx context.Context, now time.Time) error {
	return wrap("complete past", "", s.inTx(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, `UPDATE class_sessions SET status = $1, updated_at = $2 WHERE status = $3 AND ends_at <= $2`,
			string(domain.SessionCompleted), now.UTC(), string(domain.SessionScheduled)); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE classes SET status = $1, updated_at = $2 WHERE status = $3 AND last_ends_at <= $2`,
			string(domain.ClassCompleted), now.UTC(), string(domain.ClassPublished))
		return err
	}))
}
