package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"slices"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
)

// Errors a person may read.
var (
	ErrEmailTaken         = errs.Errorf(errs.CodeConflict, "An account with this e-mail already exists. Sign in instead.")
	ErrUserNotFound       = errs.NotFound("Account")
	ErrInvalidCredentials = errs.Errorf(errs.CodeInvalidCredentials, "Wrong e-mail or password.")
)

// Service holds the identity rules on top of the store: it makes the ids, reads the
// clock and turns the store's outcomes into answers.
type Service struct {
	store  *Store
	Params Params
	now    func() time.Time
	// hash is HashPassword; a test counts the hashes a sign-up costs through it.
	hash func(password string, p Params) (string, error)
}

// New makes the service with the default argon2id parameters.
func New(s *Store) *Service {
	return &Service{store: s, Params: DefaultParams, now: func() time.Time { return time.Now().UTC() }, hash: HashPassword}
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func newID(prefix string) string {
	var b [15]byte
	_, _ = rand.Read(b[:])
	return prefix + strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// userAnswer turns the store's "no such row" into ErrUserNotFound.
func userAnswer(err error) error {
	if errors.Is(err, errNoRow) {
		return ErrUserNotFound
	}
	return err
}

// CreateUser makes an account; email must already be normalised. Either the password
// hash or the Google subject may be empty.
func (s *Service) CreateUser(ctx context.Context, email, name, passwordHash, googleSub string) (User, error) {
	return s.createUser(ctx, User{Email: email, Name: name}, passwordHash, googleSub)
}

// CreateGoogleUser makes an account that signs in with Google only; Google vouched
// for its address, so the address is verified.
func (s *Service) CreateGoogleUser(ctx context.Context, email, name, googleSub string) (User, error) {
	return s.createUser(ctx, User{Email: email, Name: name, EmailVerified: true}, "", googleSub)
}

// createUser stores u (its e-mail, name and verified address) under a new id.
func (s *Service) createUser(ctx context.Context, u User, passwordHash, googleSub string) (User, error) {
	u.ID, u.Roles, u.CreatedAt = newID("usr_"), []string{auth.RoleUser}, s.now()
	u.HasPassword, u.Google = passwordHash != "", googleSub != ""
	err := s.store.CreateUser(ctx, u, passwordHash, googleSub)
	if errors.Is(err, errDuplicate) {
		return User{}, ErrEmailTaken
	}
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// UserByID finds an account by id.
func (s *Service) UserByID(ctx context.Context, id string) (User, error) {
	u, err := s.store.UserByID(ctx, id)
	return u, userAnswer(err)
}

// UserByEmail finds an account and its password hash by normalised e-mail.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, string, error) {
	u, hash, err := s.store.UserByEmail(ctx, email)
	return u, hash, userAnswer(err)
}

// UserByGoogle finds the account linked to a Google subject.
func (s *Service) UserByGoogle(ctx context.Context, sub string) (User, error) {
	u, err := s.store.UserByGoogle(ctx, sub)
	return u, userAnswer(err)
}

// LinkGoogle attaches a Google subject to an account.
func (s *Service) LinkGoogle(ctx context.Context, userID, sub string) error {
	return userAnswer(s.store.LinkGoogle(ctx, userID, sub, s.now()))
}

// SetPasswordHash replaces an account's password hash ("" removes the password).
func (s *Service) SetPasswordHash(ctx context.Context, userID, hash string) error {
	return userAnswer(s.store.SetPasswordHash(ctx, userID, hash, s.now()))
}

// Register creates a password account, its address not verified yet, and tells a
// taken address by ErrEmailTaken: for the operator and the demo, never for an answer
// to the world (SignUp is that).
func (s *Service) Register(ctx context.Context, r Registration) (User, error) {
	if err := r.Normalize(); err != nil {
		return User{}, err
	}
	if _, _, err := s.UserByEmail(ctx, r.Email); err == nil {
		return User{}, ErrEmailTaken
	} else if !errors.Is(err, ErrUserNotFound) {
		return User{}, err
	}
	hash, err := HashPassword(r.Password, s.Params)
	if err != nil {
		return User{}, err
	}
	return s.CreateUser(ctx, r.Email, r.Name, hash, "")
}

// Authenticate checks an e-mail and password. Unknown accounts and accounts without
// a password cost one hash too, so timing does not tell which e-mails exist.
func (s *Service) Authenticate(ctx context.Context, email, password string) (User, error) {
	email = NormalizeEmail(email)
	if len(password) > MaxPasswordLen {
		return User{}, ErrInvalidCredentials
	}
	u, hash, err := s.UserByEmail(ctx, email)
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
			_ = s.SetPasswordHash(ctx, u.ID, h)
		}
	}
	return u, nil
}

// ChangePassword sets a new password after checking the current one (not needed for
// an account that has none yet, e.g. a Google account). Other sessions end.
func (s *Service) ChangePassword(ctx context.Context, userID, keepSession, current, next string) error {
	u, err := s.UserByID(ctx, userID)
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
	if err := s.SetPasswordHash(ctx, userID, hash); err != nil {
		return err
	}
	_, err = s.RevokeUserSessions(ctx, userID, keepSession)
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
	return s.consumeReset(ctx, token, hash)
}

// UpdateName changes the display name.
func (s *Service) UpdateName(ctx context.Context, userID, name string) (User, error) {
	name = cleanName(name)
	if name == "" || len([]rune(name)) > MaxNameLen {
		return User{}, errs.Invalid(map[string]string{"name": "must be 1 to 100 characters"})
	}
	if err := s.store.SetName(ctx, userID, name, s.now()); err != nil {
		return User{}, userAnswer(err)
	}
	return s.UserByID(ctx, userID)
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
	if err := s.store.GrantRole(ctx, userID, r, s.now()); err != nil {
		return User{}, userAnswer(err)
	}
	return s.UserByID(ctx, userID)
}

// SubjectUser is the audit trail's kind for an account; role changes are recorded
// on it, with the role as the entry's detail.
const SubjectUser = "user"

// Audit trail actions of role changes.
const (
	ActionGrantRole  = "grant_role"
	ActionRevokeRole = "revoke_role"
)

// Operator is who changes roles from the command line (stepperslife admin): the
// person with the portal's database, before any admin exists.
var Operator = audit.Actor{ID: "operator", Email: ""}

// ErrOwnAdmin refuses an admin who tries to take ADMIN from themself: the platform
// must never be left without one by a slip, and another admin can do it.
var ErrOwnAdmin = errs.Errorf(errs.CodeForbidden, "You cannot take ADMIN from yourself; another admin can.")

// SetRole grants (on) or revokes a role as an administrator.
func (s *Service) SetRole(ctx context.Context, userID, role string, on bool) (User, error) {
	return s.ChangeRole(ctx, Operator, userID, role, on, "")
}

// ChangeRole grants (on) or revokes role of userID on behalf of actor, keeping who,
// when and why in the audit trail in the same transaction as the change. reason is
// optional here (pages ask for one). An admin never revokes their own ADMIN.
func (s *Service) ChangeRole(ctx context.Context, actor audit.Actor, userID, role string, on bool, reason string) (User, error) {
	r, err := ParseRole(role, GrantableRoles)
	if err != nil {
		return User{}, err
	}
	if reason, err = audit.Reason(reason, false); err != nil {
		return User{}, err
	}
	if !on && r == auth.RoleAdmin && actor.ID == userID {
		return User{}, ErrOwnAdmin
	}
	action := ActionRevokeRole
	if on {
		action = ActionGrantRole
	}
	// Tokens already issued still name a revoked role: every service narrows them to
	// the roles left within seconds, and the next token carries the change.
	now := s.now()
	entry := audit.Entry{At: now, Actor: actor, Action: action, Subject: audit.Subject{Kind: SubjectUser, ID: userID},
		Detail: r, Reason: reason}
	if _, err := s.store.ChangeRole(ctx, userID, r, on, now, &entry); err != nil {
		return User{}, userAnswer(err)
	}
	return s.UserByID(ctx, userID)
}

// RoleChanges lists the role changes of userID, newest first.
func (s *Service) RoleChanges(ctx context.Context, userID string) ([]audit.Entry, error) {
	return s.store.RoleChanges(ctx, userID)
}

// MaxFound is the most accounts FindUsers lists.
const MaxFound = 50

// FindUsers lists the accounts whose e-mail or name holds q (case ignored), by
// e-mail; q needs at least two characters.
func (s *Service) FindUsers(ctx context.Context, q string) ([]User, error) {
	q = strings.TrimSpace(q)
	if n := len([]rune(q)); n < 2 || n > 200 {
		return nil, errs.Invalid(map[string]string{"q": "must be 2 to 200 characters of an e-mail address or a name"})
	}
	return s.store.FindUsers(ctx, q, MaxFound)
}

// SetRoleByEmail is SetRole for the operator's command line.
func (s *Service) SetRoleByEmail(ctx context.Context, email, role string, on bool) (User, error) {
	u, _, err := s.UserByEmail(ctx, NormalizeEmail(email))
	if err != nil {
		return User{}, err
	}
	return s.ChangeRole(ctx, Operator, u.ID, role, on, "stepperslife admin (command line)")
}
