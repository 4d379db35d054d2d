package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/events/domain"
)

func isUnique(err error) bool { return err != nil && db.IsUniqueViolation(err) }

// AddStaff adds email to an event's staff; adding twice is ErrDuplicate.
func (s *Store) AddStaff(ctx context.Context, st domain.Staff) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO event_staff (id, event_id, email, added_at) VALUES ($1, $2, $3, $4)`,
		st.ID, st.EventID, st.Email, st.AddedAt.UTC())
	if isUnique(err) {
		err = ErrDuplicate
	}
	return wrap("add staff", st.Email, err)
}

// RemoveStaff takes someone off an event's staff.
func (s *Store) RemoveStaff(ctx context.Context, eventID, staffID string) error {
	res, err := s.q().ExecContext(ctx, `DELETE FROM event_staff WHERE event_id = $1 AND id = $2`, eventID, staffID)
	return wrap("remove staff", staffID, oneRow(res, err))
}

// StaffOf lists an event's staff.
func (s *Store) StaffOf(ctx context.Context, eventID string) ([]domain.Staff, error) {
	out, err := s.staffOf(ctx, eventID)
	return out, wrap("staff of event", eventID, err)
}

func (s *Store) staffOf(ctx context.Context, eventID string) ([]domain.Staff, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT id, event_id, email, added_at FROM event_staff WHERE event_id = $1 ORDER BY added_at, id`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Staff
	for rows.Next() {
		var st domain.Staff
		if err := rows.Scan(&st.ID, &st.EventID, &st.Email, &st.AddedAt); err != nil {
			return nil, err
		}
		st.AddedAt = st.AddedAt.UTC()
		out = append(out, st)
	}
	return out, rows.Err()
}

// IsStaff reports whether email may scan at the event.
func (s *Store) IsStaff(ctx context.Context, eventID, email string) (bool, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM event_staff WHERE event_id = $1 AND email = $2`, eventID, email).Scan(&n)
	return n > 0, wrap("is staff", email, err)
}

// StripeAccount returns the organizer's Connect account id, or "".
func (s *Store) StripeAccount(ctx context.Context, userID string) (string, error) {
	var id string
	err := s.q().QueryRowContext(ctx, `SELECT stripe_account_id FROM organizers WHERE user_id = $1`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, wrap("stripe account of organizer", userID, err)
}

// SetStripeAccount remembers the organizer's Connect account.
func (s *Store) SetStripeAccount(ctx context.Context, userID, email, accountID string, now time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO organizers (user_id, email, stripe_account_id, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, stripe_account_id = EXCLUDED.stripe_account_id,
		updated_at = EXCLUDED.updated_at`, userID, email, accountID, now.UTC())
	return wrap("set stripe account of organizer", userID, err)
}
