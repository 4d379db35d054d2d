package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"stepperslife/internal/kit/db"
	"stepperslife/services/restaurants/domain"
)

// AddMember grants m.Role to m.Email (kept in lower case, as every e-mail the store
// matches); an e-mail already on the team gets the new role and keeps its id and
// joining time, which m then carries.
func (s *Store) AddMember(ctx context.Context, m *domain.Member) error {
	m.Email = strings.ToLower(strings.TrimSpace(m.Email))
	err := s.scope.Q().QueryRowContext(ctx, `INSERT INTO restaurant_members (id, restaurant_id, email, role, created_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (restaurant_id, email) DO UPDATE SET role = excluded.role
		RETURNING id, created_at`, m.ID, m.RestaurantID, m.Email, string(m.Role), m.CreatedAt.UTC()).Scan(&m.ID, &m.CreatedAt)
	if db.IsUniqueViolation(err) {
		err = domain.ErrDuplicate
	}
	return wrap("add member", m.Email+" to restaurant "+m.RestaurantID, err)
}

// Members lists a restaurant's team.
func (s *Store) Members(ctx context.Context, restaurantID string) ([]domain.Member, error) {
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT id, email, role, created_at FROM restaurant_members
		WHERE restaurant_id = $1 ORDER BY role, email`, restaurantID)
	if err != nil {
		return nil, wrap("members of restaurant", restaurantID, err)
	}
	defer rows.Close()
	var out []domain.Member
	for rows.Next() {
		m := domain.Member{RestaurantID: restaurantID}
		var role string
		if err := rows.Scan(&m.ID, &m.Email, &role, &m.CreatedAt); err != nil {
			return nil, wrap("members of restaurant", restaurantID, err)
		}
		m.Role = domain.MemberRole(role)
		out = append(out, m)
	}
	return out, wrap("members of restaurant", restaurantID, rows.Err())
}

// RemoveMember takes someone off the team.
func (s *Store) RemoveMember(ctx context.Context, restaurantID, memberID string) error {
	res, err := s.scope.Q().ExecContext(ctx, `DELETE FROM restaurant_members WHERE id = $1 AND restaurant_id = $2`, memberID, restaurantID)
	return wrap("remove member", memberID+" of restaurant "+restaurantID, oneRow(res, err))
}

// MemberRole is the role email holds at a restaurant, or "" when none.
func (s *Store) MemberRole(ctx context.Context, restaurantID, email string) (domain.MemberRole, error) {
	if email == "" {
		return "", nil
	}
	var role string
	err := s.scope.Q().QueryRowContext(ctx, `SELECT role FROM restaurant_members WHERE restaurant_id = $1 AND email = $2`,
		restaurantID, strings.ToLower(email)).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return domain.MemberRole(role), wrap("role of", email+" at restaurant "+restaurantID, err)
}
