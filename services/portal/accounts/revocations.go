package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Cutoff says that the tokens of one session issued before NotBefore are refused.
type Cutoff struct {
	SessionID string
	NotBefore time.Time
}

// RoleCut says that the tokens of one session issued before NotBefore grant only
// Roles, the roles its user has now: an admin took one away. It names the session,
// not the user, so the public list reveals nothing about a known user id.
type RoleCut struct {
	SessionID string
	NotBefore time.Time
	Roles     []string
}

// tokenCutoff is the cutoff for a change at t. Tokens carry whole seconds, so one a
// second on refuses a token issued in the same second as the change.
func tokenCutoff(t time.Time) time.Time { return t.UTC().Truncate(time.Second).Add(time.Second) }

// CheckSession reports whether a token of session sid issued at issuedAt is still
// good at now — the session is neither revoked nor expired and no cutoff came after
// the token — and, when its user lost a role since, the roles they have now.
func (s *Store) CheckSession(ctx context.Context, sid string, issuedAt, now time.Time) (ok bool, roles []string, err error) {
	var userID string
	var changed sql.NullTime
	err = s.db.QueryRowContext(ctx, `SELECT u.id, u.roles_changed_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
		AND (s.tokens_not_before IS NULL OR s.tokens_not_before <= $3)`, sid, now, issuedAt.UTC()).Scan(&userID, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil, nil
	}
	if err != nil || !changed.Valid || !issuedAt.Before(changed.Time) {
		return err == nil, nil, wrap("check session", sid, err)
	}
	roles, err = s.roles(ctx, userID)
	return err == nil, roles, wrap("roles of user", userID, err)
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

// RoleCutsSince lists the live sessions whose user lost a role after since, with the
// user's roles now.
func (s *Store) RoleCutsSince(ctx context.Context, since, now time.Time) ([]RoleCut, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.user_id, u.roles_changed_at FROM users u JOIN sessions s ON s.user_id = u.id
		WHERE u.roles_changed_at > $1 AND s.revoked_at IS NULL AND s.expires_at > $2 ORDER BY u.roles_changed_at, s.id`,
		since.UTC(), now)
	if err != nil {
		return nil, wrap("list role cuts", "", err)
	}
	var out []RoleCut
	var users []string
	for rows.Next() {
		var c RoleCut
		var userID string
		if err := rows.Scan(&c.SessionID, &userID, &c.NotBefore); err != nil {
			rows.Close()
			return nil, wrap("list role cuts", "", err)
		}
		out, users = append(out, c), append(users, userID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("list role cuts", "", err)
	}
	// Read after the rows are closed: SQLite has one connection. Few users lose a
	// role within a token's lifetime, so one query each is cheap.
	roles := map[string][]string{}
	for i, u := range users {
		if _, ok := roles[u]; !ok {
			if roles[u], err = s.roles(ctx, u); err != nil {
				return nil, wrap("list role cuts", u, err)
			}
		}
		out[i].Roles = roles[u]
	}
	return out, nil
}
