package accounts

import (
	"context"
	"database/sql"
	"time"
)

// Cutoff says that the tokens of one session issued before NotBefore are refused.
type Cutoff struct {
	SessionID string
	NotBefore time.Time
}

// RoleCut says that the tokens of one user issued before NotBefore grant only Roles,
// the roles the user has now: an admin took one away.
type RoleCut struct {
	UserID    string
	NotBefore time.Time
	Roles     []string
}

// tokenCutoff is the cutoff for a change at t. Tokens carry whole seconds, so one a
// second on refuses a token issued in the same second as the change.
func tokenCutoff(t time.Time) time.Time { return t.UTC().Truncate(time.Second).Add(time.Second) }

// SessionAccepts reports whether a token of session sid issued at issuedAt is still
// good at now: the session is neither revoked nor expired, and no cutoff came after
// the token.
func (s *Store) SessionAccepts(ctx context.Context, sid string, issuedAt, now time.Time) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2
		AND (tokens_not_before IS NULL OR tokens_not_before <= $3)`, sid, now, issuedAt.UTC()).Scan(&n)
	return n > 0, wrap("check session", sid, err)
}

// MarkRolesTaken records that userID lost a role at now.
func (s *Store) MarkRolesTaken(ctx context.Context, userID string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET roles_changed_at = $2 WHERE id = $1`, userID, tokenCutoff(now))
	return wrap("mark roles taken from user", userID, err)
}

// RolesSince returns userID's roles now when a role was taken after a token issued at
// issuedAt, and nil when the token's roles still hold.
func (s *Store) RolesSince(ctx context.Context, userID string, issuedAt time.Time) ([]string, error) {
	var changed sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT roles_changed_at FROM users WHERE id = $1`, userID).Scan(&changed)
	if err != nil || !changed.Valid || !issuedAt.Before(changed.Time) {
		if err == sql.ErrNoRows {
			err = nil
		}
		return nil, wrap("roles changed of user", userID, err)
	}
	roles, err := s.roles(ctx, userID)
	return roles, wrap("roles of user", userID, err)
}

// CutoffsSince lists the session cutoffs set after since, for services that verify
// tokens on their own; older ones no longer matter once every token they refuse has
// expired.
func (s *Store) CutoffsSince(ctx context.Context, since time.Time) ([]Cutoff, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, tokens_not_before FROM sessions WHERE tokens_not_before > $1
		ORDER BY tokens_not_before, id`, since.UTC())
	if err != nil {
		return nil, wrap("list token cutoffs", "", err)
	}
	defer rows.Close()
	out := []Cutoff{}
	for rows.Next() {
		var c Cutoff
		if err := rows.Scan(&c.SessionID, &c.NotBefore); err != nil {
			return nil, wrap("list token cutoffs", "", err)
		}
		out = append(out, c)
	}
	return out, wrap("list token cutoffs", "", rows.Err())
}

// RoleCutsSince lists the users who lost a role after since, with their roles now.
func (s *Store) RoleCutsSince(ctx context.Context, since time.Time) ([]RoleCut, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, roles_changed_at FROM users WHERE roles_changed_at > $1
		ORDER BY roles_changed_at, id`, since.UTC())
	if err != nil {
		return nil, wrap("list role cuts", "", err)
	}
	var out []RoleCut
	for rows.Next() {
		var c RoleCut
		if err := rows.Scan(&c.UserID, &c.NotBefore); err != nil {
			rows.Close()
			return nil, wrap("list role cuts", "", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("list role cuts", "", err)
	}
	for i := range out {
		if out[i].Roles, err = s.roles(ctx, out[i].UserID); err != nil {
			return nil, wrap("list role cuts", out[i].UserID, err)
		}
	}
	return out, nil
}
