// Package accounts is the portal's identity domain: users and their global roles,
// argon2id passwords, server-side sessions and password-reset tokens, stored in the
// portal's own database.
package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
)

// Storage outcomes the service turns into answers.
var (
	errNoRow     = errors.New("not found")
	errDuplicate = errors.New("already exists")
)

// wrap names the store operation and its subject in front of a failure, as
// io/fs.PathError does; errors.Is still reaches the cause. A nil err stays nil.
func wrap(op, subject string, err error) error {
	if err == nil {
		return nil
	}
	if subject == "" {
		return fmt.Errorf("accounts store: %s: %w", op, err)
	}
	return fmt.Errorf("accounts store: %s %s: %w", op, subject, err)
}

// User is an account as the portal knows it.
type User struct {
	ID          string
	Email       string
	Name        string
	Roles       []string // USER first, then the granted roles in order
	HasPassword bool
	Google      bool
	// EmailVerified says the owner proved they receive mail at Email.
	EmailVerified bool
	CreatedAt     time.Time
}

// Auth is the user as it travels in a session token.
func (u User) Auth(sessionID string) *auth.User {
	return &auth.User{ID: u.ID, Email: u.Email, Name: u.Name, Roles: slices.Clone(u.Roles),
		EmailVerified: u.EmailVerified, SessionID: sessionID}
}

// Store keeps users, roles, sessions and reset tokens. Ids and times come from the
// caller (the Service).
type Store struct {
	db *db.DB
}

// NewStore uses the portal's database d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// CreateUser inserts u (its id, e-mail, name, creation time and whether its address
// is verified) with its password hash and Google subject, either of which may be
// empty; a taken e-mail is errDuplicate.
func (s *Store) CreateUser(ctx context.Context, u User, passwordHash, googleSub string) error {
	_, err := s.db.ExecContext(ctx, insertUser, userArgs(u, passwordHash, googleSub)...)
	if db.IsUniqueViolation(err) {
		err = errDuplicate
	}
	return wrap("create user", u.ID, err)
}

const insertUser = `INSERT INTO users (id, email, name, password_hash, google_sub, email_verified_at, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`

func userArgs(u User, passwordHash, googleSub string) []any {
	var sub, verifiedAt any
	if googleSub != "" {
		sub = googleSub
	}
	if u.EmailVerified {
		verifiedAt = u.CreatedAt
	}
	return []any{u.ID, u.Email, u.Name, passwordHash, sub, verifiedAt, u.CreatedAt}
}

const userColumns = `id, email, name, password_hash, google_sub, email_verified_at, created_at`

func (s *Store) scanUser(ctx context.Context, row *sql.Row) (User, string, error) {
	var u User
	var hash string
	var sub sql.NullString
	var verifiedAt sql.NullTime
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &hash, &sub, &verifiedAt, &u.CreatedAt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return User{}, "", errNoRow
		}
		return User{}, "", err
	}
	u.HasPassword, u.Google, u.EmailVerified = hash != "", sub.Valid, verifiedAt.Valid
	roles, err := s.roles(ctx, u.ID)
	if err != nil {
		return User{}, "", err
	}
	u.Roles = roles
	return u, hash, nil
}

// UserByID finds an account by id; an unknown one is errNoRow.
func (s *Store) UserByID(ctx context.Context, id string) (User, error) {
	u, _, err := s.scanUser(ctx, s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, wrap("user", id, err)
}

// UserByEmail finds an account and its password hash by normalised e-mail.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, string, error) {
	u, hash, err := s.scanUser(ctx, s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	return u, hash, wrap("user by e-mail", email, err)
}

// UserByGoogle finds the account linked to a Google subject.
func (s *Store) UserByGoogle(ctx context.Context, sub string) (User, error) {
	u, _, err := s.scanUser(ctx, s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE google_sub = $1`, sub))
	return u, wrap("user by google subject", sub, err)
}

// LinkGoogle attaches a Google subject to an account.
func (s *Store) LinkGoogle(ctx context.Context, userID, sub string, now time.Time) error {
	return wrap("link google to user", userID,
		s.update(ctx, `UPDATE users SET google_sub = $2, updated_at = $3 WHERE id = $1`, userID, sub, now))
}

// SetPasswordHash replaces an account's password hash.
func (s *Store) SetPasswordHash(ctx context.Context, userID, hash string, now time.Time) error {
	return wrap("set password of user", userID,
		s.update(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, userID, hash, now))
}

// SetName changes an account's display name.
func (s *Store) SetName(ctx context.Context, userID, name string, now time.Time) error {
	return wrap("set name of user", userID,
		s.update(ctx, `UPDATE users SET name = $2, updated_at = $3 WHERE id = $1`, userID, name, now))
}

func (s *Store) update(ctx context.Context, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNoRow
	}
	return nil
}

// GrantRole gives userID role; granting a held role changes nothing.
func (s *Store) GrantRole(ctx context.Context, userID, role string, now time.Time) error {
	_, err := s.ChangeRole(ctx, userID, role, true, now, nil)
	return err
}

// RevokeRole takes role from userID and marks when, so tokens issued before grant
// only the roles left; revoking a role not held changes nothing.
func (s *Store) RevokeRole(ctx context.Context, userID, role string, now time.Time) error {
	_, err := s.ChangeRole(ctx, userID, role, false, now, nil)
	return err
}

// ChangeRole grants (grant) or revokes role of userID in one transaction with entry,
// when given, in the audit trail: an entry is written only for a change that
// happened, and a change is made only with its entry. It reports whether anything
// changed (granting a held role, or revoking one not held, changes nothing). A
// revocation marks when, so tokens issued before grant only the roles left. An
// unknown user is errNoRow.
func (s *Store) ChangeRole(ctx context.Context, userID, role string, grant bool, now time.Time, entry *audit.Entry) (bool, error) {
	changed := false
	op := "revoke " + role + " from user"
	if grant {
		op = "grant " + role + " to user"
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = $1`, userID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return errNoRow
		} else if err != nil {
			return err
		}
		var res sql.Result
		var err error
		if grant {
			res, err = tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)
				ON CONFLICT (user_id, role) DO NOTHING`, userID, role, now)
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1 AND role = $2`, userID, role)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // nothing changed, so nothing to record or take back from tokens
		}
		changed = true
		if !grant {
			// A role gone from the database is also gone from every token.
			if _, err := tx.ExecContext(ctx, `UPDATE users SET roles_changed_at = $2 WHERE id = $1`, userID, tokenCutoff(now)); err != nil {
				return err
			}
		}
		if entry != nil {
			_, err = audit.Record(ctx, tx, *entry)
		}
		return err
	})
	return changed, wrap(op, userID, err)
}

// RoleChanges reads the role changes of userID, newest first.
func (s *Store) RoleChanges(ctx context.Context, userID string) ([]audit.Entry, error) {
	trail, err := audit.Trail(ctx, s.db, audit.Subject{Kind: SubjectUser, ID: userID}, 0)
	return trail, wrap("role changes of user", userID, err)
}

// FindUsers lists up to limit accounts whose e-mail or name holds q (case ignored),
// by e-mail.
func (s *Store) FindUsers(ctx context.Context, q string, limit int) ([]User, error) {
	pattern := db.LikePattern(strings.ToLower(strings.TrimSpace(q)))
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM users WHERE email LIKE $1 ESCAPE '\' OR LOWER(name) LIKE $1 ESCAPE '\'
		ORDER BY email LIMIT $2`, pattern, limit)
	if err != nil {
		return nil, wrap("find users", strconv.Quote(q), err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, wrap("find users", strconv.Quote(q), err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("find users", strconv.Quote(q), err)
	}
	// Read after the rows are closed, as RoleCutsSince does.
	out := make([]User, 0, len(ids))
	for _, id := range ids {
		u, err := s.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func (s *Store) roles(ctx context.Context, userID string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	roles := []string{auth.RoleUser}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		if r != auth.RoleUser {
			roles = append(roles, r)
		}
	}
	return roles, rows.Err()
}

// Has reports whether the user holds role.
func (u User) Has(role string) bool { return slices.Contains(u.Roles, role) }
