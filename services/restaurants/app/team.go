package app

import (
	"context"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/restaurants/domain"
)

// AddMember lets the owner add a manager or staff member by e-mail; they get access
// when they sign in with that address.
func (s *Service) AddMember(ctx context.Context, u *auth.User, restaurantID, email, role string) (domain.Member, error) {
	r, err := s.owned(ctx, u, restaurantID)
	if err != nil {
		return domain.Member{}, err
	}
	bad := map[string]string{}
	// Stored in its one normalised form, the form a member's verified address is
	// looked up in: a look-alike spelling is folded into the address it imitates, or
	// refused.
	email, err = emailaddr.Normalize(email)
	if err != nil {
		bad["email"] = "must be an e-mail address"
	}
	mr, ok := domain.ParseMemberRole(role)
	if !ok {
		bad["role"] = "must be MANAGER or STAFF"
	}
	if len(bad) > 0 {
		return domain.Member{}, errs.Invalid(bad)
	}
	if emailaddr.Same(email, r.OwnerEmail) || emailaddr.Same(email, u.Email) {
		return domain.Member{}, errs.Invalid(map[string]string{"email": "is the owner's own address"})
	}
	m := domain.Member{ID: domain.NewID("mem"), RestaurantID: restaurantID, Email: email, Role: mr, CreatedAt: s.now()}
	if err := s.store.AddMember(ctx, &m); err != nil {
		return domain.Member{}, errs.Answer(err, domain.ErrDuplicate, errOnTeam)
	}
	return m, nil
}

// Members lists the team (owner and managers).
func (s *Service) Members(ctx context.Context, u *auth.User, restaurantID string) ([]domain.Member, error) {
	if _, err := s.editable(ctx, u, restaurantID); err != nil {
		return nil, err
	}
	return s.store.Members(ctx, restaurantID)
}

// RemoveMember takes someone off the team (owner only).
func (s *Service) RemoveMember(ctx context.Context, u *auth.User, restaurantID, memberID string) error {
	if _, err := s.owned(ctx, u, restaurantID); err != nil {
		return err
	}
	return notFound(s.store.RemoveMember(ctx, restaurantID, memberID), "Team member")
}
