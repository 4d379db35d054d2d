package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/restaurants/domain"
)

// Member is a manager or staff member of one restaurant.
type Member struct {
	ID           string
	RestaurantID string
	Email        string
	Role         domain.MemberRole
	CreatedAt    time.Time
}

// AddMember grants role to email; an e-mail already there gets the new role.
func (s *Store) AddMember(ctx context.Context, restaurantID, email string, role domain.MemberRole) (Member, error) {
	m := Member{ID: NewID("mem"), RestaurantID: restaurantID, Email: strings.ToLower(strings.TrimSpace(email)), Role: role, CreatedAt: now()}
	err := s.db.QueryRowContext(ctx, `INSERT INTO restaurant_members (id, restaurant_id, email, role, created_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (restaurant_id, email) DO UPDATE SET role = excluded.role
		RETURNING id, created_at`, m.ID, restaurantID, m.Email, string(role), m.CreatedAt).Scan(&m.ID, &m.CreatedAt)
	if db.IsUniqueViolation(err) {
		return Member{}, errs.Errorf(errs.CodeConflict, "This person is already on the team.")
	}
	return m, err
}

// Members lists a restaurant's team.
func (s *Store) Members(ctx context.Context, restaurantID string) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, email, role, created_at FROM restaurant_members
		WHERE restaurant_id = $1 ORDER BY role, email`, restaurantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		m := Member{RestaurantID: restaurantID}
		var role string
		if err := rows.Scan(&m.ID, &m.Email, &role, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.Role = domain.MemberRole(role)
		out = append(out, m)
	}
	return out, rows.Err()
}

// RemoveMember takes someone off the team.
func (s *Store) RemoveMember(ctx context.Context, restaurantID, memberID string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM restaurant_members WHERE id = $1 AND restaurant_id = $2`, memberID, restaurantID)
	return oneRow(res, err, "Team member")
}

// MemberRole is the role email holds at a restaurant, or "" when none.
func (s *Store) MemberRole(ctx context.Context, restaurantID, email string) (domain.MemberRole, error) {
	if email == "" {
		return "", nil
	}
	var role string
	err := s.db.QueryRowContext(ctx, `SELECT role FROM restaurant_members WHERE restaurant_id = $1 AND email = $2`,
		restaurantID, strings.ToLower(email)).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return domain.MemberRole(role), err
}
