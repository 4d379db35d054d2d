package accounts

import (
	"context"
	"errors"
	"slices"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
)

// Service holds the identity rules on top of the store.
type Service struct {
	Store  *Store
	Params Params
}

// New makes the service with the default argon2id parameters.
func New(s *Store) *Service { return &Service{Store: s, Params: DefaultParams} }

// Register creates a password account.
func (s *Service) Register(ctx context.Context, r Registration) (User, error) {
	if err := r.Normalize(); err != nil {
		return User{}, err
	}
	if _, _, err := s.Store.UserByEmail(ctx, r.Email); err == nil {
		return User{}, ErrEmailTaken
	} else if !errors.Is(err, ErrUserNotFound) {
		return User{}, err
	}
	hash, err := HashPassword(r.Password, s.Params)
	if err != nil {
		return User{}, err
	}
	return s.Store.CreateUser(ctx, r.Email, r.Name, hash, "")
}

// Authenticate checks an e-mail and password. Unknown accounts and accounts without
// a password cost one hash too, so timing does not tell which e-mails exist.
func (s *Service) Authenticate(ctx context.Context, email, password string) (User, error) {
	email = NormalizeEmail(email)
	if len(password) > MaxPasswordLen {
		return User{}, ErrInvalidCredentials
	}
	u, hash, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, ErrUserNotFound) {
		return User{}, err
	}
	if err != nil || hash == "" {
		_, _, _ = CheckPassword(dummyHash(), password, s.Params)
		return User{}, ErrInvalidCredentials
	}
	ok, stale, err := CheckPassword(hash, password, s.Params)
	if err != nil || !ok {
		return User{}, ErrInvalidCredentials
	}
	if stale {
		// Parameters were raised since this hash was made: upgrade it now that the
		// password is at hand. A failure only postpones the upgrade.
		if h, err := HashPassword(password, s.Params); err == nil {
			_ = s.Store.SetPasswordHash(ctx, u.ID, h)
		}
	}
	return u, nil
}

// ChangePassword sets a new password after checking the current one (not needed for
// an account that has none yet, e.g. a Google account). Other sessions end.
func (s *Service) ChangePassword(ctx context.Context, userID, keepSession, current, next string) error {
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if p := validPassword(next); p != "" {
		return errs.Invalid(map[string]string{"newPassword": p})
	}
	if u.HasPassword {
		if _, err := s.Authenticate(ctx, u.Email, current); err != nil {
			return errs.Invalid(map[string]string{"currentPassword": "is not your current password"})
		}
	}
	hash, err := HashPassword(next, s.Params)
	if err != nil {
		return err
	}
	if err := s.Store.SetPasswordHash(ctx, userID, hash); err != nil {
		return err
	}
	_, err = s.Store.RevokeUserSessions(ctx, userID, keepSession)
	return err
}

// ResetPassword spends a reset token and sets the new password.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	if p := validPassword(password); p != "" {
		return errs.Invalid(map[string]string{"password": p})
	}
	hash, err := HashPassword(password, s.Params)
	if err != nil {
		return err
	}
	_, err = s.Store.ConsumeReset(ctx, token, hash)
	return err
}

// UpdateName changes the display name.
func (s *Service) UpdateName(ctx context.Context, userID, name string) (User, error) {
	name = cleanName(name)
	if name == "" || len([]rune(name)) > MaxNameLen {
		return User{}, errs.Invalid(map[string]string{"name": "must be 1 to 100 characters"})
	}
	if err := s.Store.SetName(ctx, userID, name); err != nil {
		return User{}, err
	}
	return s.Store.UserByID(ctx, userID)
}

// ErrAdminNotSelfAssignable refuses a user who tries to make themself an admin.
var ErrAdminNotSelfAssignable = errs.Errorf(errs.CodeForbidden, "ADMIN cannot be taken by yourself; an administrator grants it.")

// GrantableRoles are the roles an admin may grant or revoke.
var GrantableRoles = append([]string{auth.RoleAdmin}, auth.SelfAssignable...)

// ParseRole checks a role name given by a person.
func ParseRole(role string, allowed []string) (string, error) {
	r := strings.ToUpper(strings.TrimSpace(role))
	if !slices.Contains(allowed, r) {
		return "", errs.Invalid(map[string]string{"role": "must be one of " + strings.Join(allowed, ", ")})
	}
	return r, nil
}

// TakeRole lets a user take on an owner role by themself; ADMIN never.
func (s *Service) TakeRole(ctx context.Context, userID, role string) (User, error) {
	if strings.EqualFold(strings.TrimSpace(role), auth.RoleAdmin) {
		return User{}, ErrAdminNotSelfAssignable
	}
	r, err := ParseRole(role, auth.SelfAssignable)
	if err != nil {
		return User{}, err
	}
	if err := s.Store.GrantRole(ctx, userID, r); err != nil {
		return User{}, err
	}
	return s.Store.UserByID(ctx, userID)
}

// SetRole grants (on) or revokes a role as an administrator.
func (s *Service) SetRole(ctx context.Context, userID, role string, on bool) (User, error) {
	r, err := ParseRole(role, GrantableRoles)
	if err != nil {
		return User{}, err
	}
	if on {
		err = s.Store.GrantRole(ctx, userID, r)
	} else if err = s.Store.RevokeRole(ctx, userID, r); err == nil {
		// Tokens already issued still name the role: cut them, so every service
		// refuses them within seconds and the next one carries the change.
		err = s.Store.CutUserTokens(ctx, userID)
	}
	if err != nil {
		return User{}, err
	}
	return s.Store.UserByID(ctx, userID)
}

// SetRoleByEmail is SetRole for the operator's command line.
func (s *Service) SetRoleByEmail(ctx context.Context, email, role string, on bool) (User, error) {
	u, _, err := s.Store.UserByEmail(ctx, NormalizeEmail(email))
	if err != nil {
		return User{}, err
	}
	return s.SetRole(ctx, u.ID, role, on)
}
