package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

const eventCols = `id, slug, organizer_id, organizer_email, title, description, category, venue, address,
	starts_at, ends_at, status, flyer_key, created_at, updated_at, cash_deadline`

type scanner interface{ Scan(dest ...any) error }

func scanEvent(r scanner) (domain.Event, error) {
	var e domain.Event
	var status string
	var deadline sql.NullTime
	err := r.Scan(&e.ID, &e.Slug, &e.OrganizerID, &e.OrganizerEmail, &e.Title, &e.Description, &e.Category,
		&e.Venue, &e.Address, &e.StartsAt, &e.EndsAt, &status, &e.FlyerKey, &e.CreatedAt, &e.UpdatedAt, &deadline)
	e.Status, e.CashDeadline = domain.EventStatus(status), db.TimeOf(deadline)
	e.StartsAt, e.EndsAt, e.CreatedAt, e.UpdatedAt = e.StartsAt.UTC(), e.EndsAt.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, err
}

// CreateEvent stores a new event.
func (s *Store) CreateEvent(ctx context.Context, e domain.Event) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO events (`+eventCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		e.ID, e.Slug, e.OrganizerID, e.OrganizerEmail, e.Title, e.Description, e.Category, e.Venue, e.Address,
		e.StartsAt.UTC(), e.EndsAt.UTC(), string(e.Status), e.FlyerKey, e.CreatedAt.UTC(), e.UpdatedAt.UTC(),
		db.NullTime(e.CashDeadline))
	return wrap("create event", e.ID, err)
}

// UpdateEvent rewrites what the organizer may edit.
func (s *Store) UpdateEvent(ctx context.Context, id string, in domain.EventInput, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE events SET title = $2, description = $3, category = $4, venue = $5,
		address = $6, starts_at = $7, ends_at = $8, updated_at = $9 WHERE id = $1`,
		id, in.Title, in.Description, in.Category, in.Venue, in.Address, in.StartsAt.UTC(), in.EndsAt.UTC(), now.UTC())
	return wrap("update event", id, oneRow(res, err))
}

// MoveEvent changes an event's status only if it is still in from; it reports
// whether it did.
func (s *Store) MoveEvent(ctx context.Context, id string, from, to domain.EventStatus, now time.Time) (bool, error) {
	moved := false
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE events SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2`,
			id, string(from), string(to), now.UTC())
		if err := oneRow(res, err); errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		moved = true
		if to == domain.EventCancelled || to == domain.EventCompleted {
			// Takes every tier row's lock: purchases in flight finish first, later
			// ones see the tier closed.
			_, err = tx.ExecContext(ctx, `UPDATE tiers SET closed = 1 WHERE event_id = $1`, id)
		}
		return err
	})
	return moved, wrap("move event", id, err)
}

// SetCashDeadline records the event's cash deadline (nil: until the event ends)
// and moves the holds of its cash orders still waiting to it, in one transaction:
// a reservation made before the organizer named a deadline keeps to it too.
func (s *Store) SetCashDeadline(ctx context.Context, id string, deadline *time.Time, now time.Time) error {
	err := s.inTx(ctx, func(tx querier) error {
		res, err := tx.ExecContext(ctx, `UPDATE events SET cash_deadline = $2, updated_at = $3 WHERE id = $1`,
			id, db.NullTime(deadline), now.UTC())
		if err := oneRow(res, err); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE orders SET hold_expires_at = COALESCE(
			(SELECT cash_deadline FROM events WHERE id = $1), (SELECT ends_at FROM events WHERE id = $1))
			WHERE event_id = $1 AND status = $2 AND method = $3`,
			id, string(domain.OrderPendingPayment), string(domain.PayCash))
		return err
	})
	return wrap("set cash deadline of event", id, err)
}

// SetFlyer records the event's flyer image key.
func (s *Store) SetFlyer(ctx context.Context, id, key string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE events SET flyer_key = $2, updated_at = $3 WHERE id = $1`, id, key, now.UTC())
	return wrap("set flyer of event", id, oneRow(res, err))
}

// ClaimEvent sets the organizer id of an event that has none yet (a demo event named
// by its organizer's e-mail); ErrNotFound when it has one.
func (s *Store) ClaimEvent(ctx context.Context, id, organizerID string) error {
	res, err := s.q().ExecContext(ctx, `UPDATE events SET organizer_id = $2 WHERE id = $1 AND organizer_id = ''`, id, organizerID)
	return wrap("claim event", id, oneRow(res, err))
}

// EventByID finds an event.
func (s *Store) EventByID(ctx context.Context, id string) (domain.Event, error) {
	e, err := scanEvent(s.q().QueryRowContext(ctx, `SELECT `+eventCols+` FROM events WHERE id = $1`, id))
	return e, wrap("event", id, notFound(err))
}

// EventBySlug finds an event by its public slug.
func (s *Store) EventBySlug(ctx context.Context, slug string) (domain.Event, error) {
	e, err := scanEvent(s.q().QueryRowContext(ctx, `SELECT `+eventCols+` FROM events WHERE slug = $1`, slug))
	return e, wrap("event by slug", slug, notFound(err))
}

// PublicEvents lists PUBLISHED events, soonest first, and how many match in all.
func (s *Store) PublicEvents(ctx context.Context, f domain.EventFilter) ([]domain.Event, int, error) {
	out, total, err := s.publicEvents(ctx, f)
	return out, total, wrap("public events", "", err)
}

func (s *Store) publicEvents(ctx context.Context, f domain.EventFilter) ([]domain.Event, int, error) {
	var a db.Args
	where := []string{"status = " + a.Add(string(domain.EventPublished)), "ends_at > " + a.Add(f.EndsAfter.UTC())}
	if q := strings.ToLower(strings.TrimSpace(f.Q)); q != "" {
		like := a.Add(db.LikePattern(q))
		where = append(where, `(LOWER(title) LIKE `+like+` ESCAPE '\' OR LOWER(description) LIKE `+like+` ESCAPE '\'
			OR LOWER(venue) LIKE `+like+` ESCAPE '\' OR LOWER(category) LIKE `+like+` ESCAPE '\')`)
	}
	if f.Category != "" {
		where = append(where, "category = "+a.Add(strings.ToUpper(f.Category)))
	}
	if f.From != nil {
		where = append(where, "starts_at >= "+a.Add(f.From.UTC()))
	}
	if f.To != nil {
		where = append(where, "starts_at < "+a.Add(f.To.UTC()))
	}
	if f.Free {
		where = append(where, "EXISTS (SELECT 1 FROM tiers t WHERE t.event_id = events.id AND t.price_cents = 0)")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE `+cond, a.Values()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+eventCols+` FROM events WHERE `+cond+`
		ORDER BY starts_at, id LIMIT `+a.Add(f.Limit)+` OFFSET `+a.Add(f.Offset), a.Values()...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []domain.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// EventsOfOrganizer lists an organizer's events, newest start first, with the
// unclaimed ones (demo events) that name their e-mail (in its one written form).
func (s *Store) EventsOfOrganizer(ctx context.Context, organizerID, organizerEmail string) ([]domain.Event, error) {
	out, err := s.events(ctx, `SELECT `+eventCols+` FROM events
		WHERE organizer_id = $1 OR (organizer_id = '' AND organizer_email = $2 AND $2 <> '')
		ORDER BY starts_at DESC, id`, organizerID, organizerEmail)
	return out, wrap("events of organizer", organizerID, err)
}

// EventsStaffedBy lists the events where email may scan tickets.
func (s *Store) EventsStaffedBy(ctx context.Context, email string) ([]domain.Event, error) {
	out, err := s.events(ctx, `SELECT `+prefixed("e.", eventCols)+` FROM events e JOIN event_staff st ON st.event_id = e.id
		WHERE st.email = $1 ORDER BY e.starts_at DESC, e.id`, email)
	return out, wrap("events staffed by", email, err)
}

func (s *Store) events(ctx context.Context, query string, args ...any) ([]domain.Event, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountEvents is how many events exist at all (demo data goes only into an empty
// database).
func (s *Store) CountEvents(ctx context.Context) (int, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM events`).Scan(&n)
	return n, wrap("count events", "", err)
}

// CompletePastEvents marks published events that have ended as COMPLETED.
func (s *Store) CompletePastEvents(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, `UPDATE tiers SET closed = 1 WHERE closed = 0 AND event_id IN
			(SELECT id FROM events WHERE status = $1 AND ends_at <= $2)`, string(domain.EventPublished), now.UTC()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE events SET status = $1, updated_at = $3 WHERE status = $2 AND ends_at <= $3`,
			string(domain.EventCompleted), string(domain.EventPublished), now.UTC())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, wrap("complete past events", "", err)
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// oneRow reports ErrNotFound when a write touched no row.
func oneRow(res sql.Result, err error) error { return db.OneRow(res, err, ErrNotFound) }
