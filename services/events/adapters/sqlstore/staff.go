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

// StripeAccount returns the organizer's Connect account; the zero account when
// they have none.
func (s *Store) StripeAccount(ctx context.Context, userID string) (domain.PayoutAccount, error) {
	var a domain.PayoutAccount
	var enabled int
	err := s.q().QueryRowContext(ctx, `SELECT stripe_account_id, charges_enabled FROM organizers WHERE user_id = $1`, userID).
		Scan(&a.ID, &enabled)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.PayoutAccount{}, nil
	}
	a.ChargesEnabled = enabled != 0
	return a, wrap("stripe account of organizer", userID, err)
}

// SetStripeAccount remembers the organizer's Connect account and whether it can take
// charges.
func (s *Store) SetStripeAccount(ctx context.Context, userID, email string, a domain.PayoutAccount, now time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO organizers (user_id, email, stripe_account_id, charges_enabled, updated_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, stripe_account_id = EXCLUDED.stripe_account_id,
		charges_enabled = EXCLUDED.charges_enabled, updated_at = EXCLUDED.updated_at`,
		userID, email, a.ID, flag(a.ChargesEnabled), now.UTC())
	return wrap("set stripe account of organizer", userID, err)
}

// SetChargesEnabled records whether the Connect account accountID can take charges;
// ErrNotFound when no organizer has it.
func (s *Store) SetChargesEnabled(ctx context.Context, accountID string, enabled bool, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE organizers SET charges_enabled = $2, updated_at = $3 WHERE stripe_account_id = $1`,
		accountID, flag(enabled), now.UTC())
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			err = ErrNotFound
		}
	}
	return wrap("set charges enabled of account", accountID, err)
}

// OrganizersWhoCanCharge says which of the organizers have a Connect account able to
// take charges.
func (s *Store) OrganizersWhoCanCharge(ctx context.Context, userIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var a db.Args
	list := make([]any, len(userIDs))
	for i, id := range userIDs {
		list[i] = id
	}
	ids, err := s.ids(ctx, `SELECT user_id FROM organizers WHERE stripe_account_id <> '' AND charges_enabled <> 0
		AND user_id IN (`+a.List(list...)+`)`, a.Values()...)
	for _, id := range ids {
		out[id] = true
	}
	return out, wrap("organizers who can charge", "", err)
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}
