package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"stepperslife/services/store/domain"
)

// AddMember grants m.Role to m.Email at m.VendorID; someone already on the team is
// domain.ErrDuplicate.
func (s *Store) AddMember(ctx context.Context, m domain.Member) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO vendor_members (id, vendor_id, email, role, created_at)
		VALUES ($1, $2, $3, $4, $5)`, m.ID, m.VendorID, m.Email, string(m.Role), m.CreatedAt.UTC())
	return wrap("add member to vendor", m.VendorID, unique(err))
}

// Members lists a vendor's team in the order they joined.
func (s *Store) Members(ctx context.Context, vendorID string) ([]domain.Member, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT id, vendor_id, email, role, created_at FROM vendor_members
		WHERE vendor_id = $1 ORDER BY created_at, id`, vendorID)
	if err != nil {
		return nil, wrap("members of vendor", vendorID, err)
	}
	defer rows.Close()
	var out []domain.Member
	for rows.Next() {
		var m domain.Member
		var role string
		if err := rows.Scan(&m.ID, &m.VendorID, &m.Email, &role, &m.CreatedAt); err != nil {
			return nil, wrap("members of vendor", vendorID, err)
		}
		m.Role, m.CreatedAt = domain.MemberRole(role), m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, wrap("members of vendor", vendorID, rows.Err())
}

// RemoveMember takes someone off a vendor's team.
func (s *Store) RemoveMember(ctx context.Context, vendorID, memberID string) error {
	res, err := s.q().ExecContext(ctx, `DELETE FROM vendor_members WHERE vendor_id = $1 AND id = $2`, vendorID, memberID)
	return wrap("remove member of vendor", vendorID, oneRow(res, err))
}

// MemberRole is the role email holds at vendorID, or "" for none.
func (s *Store) MemberRole(ctx context.Context, vendorID, email string) (domain.MemberRole, error) {
	var role string
	err := s.q().QueryRowContext(ctx, `SELECT role FROM vendor_members WHERE vendor_id = $1 AND email = $2`,
		vendorID, email).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return domain.MemberRole(role), wrap("member role at vendor", vendorID, err)
}
