package accounts

import (
	"context"
	"time"
)

// Cutoff says that the tokens of one session issued before NotBefore are refused.
type Cutoff struct {
	SessionID string
	NotBefore time.Time
}

// SessionAccepts reports whether a token of session sid issued at issuedAt is still
// good at now: the session is neither revoked nor expired, and no cutoff came after
// the token.
func (s *Store) SessionAccepts(ctx context.Context, sid string, issuedAt, now time.Time) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2
		AND (tokens_not_before IS NULL OR tokens_not_before <= $3)`, sid, now, issuedAt.UTC()).Scan(&n)
	return n > 0, wrap("check session", sid, err)
}

// CutUserTokens refuses every token already issued in userID's live sessions, which
// stay open: the browser renews its token and the new one carries the user's roles
// as they are now.
func (s *Store) CutUserTokens(ctx context.Context, userID string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE sessions SET tokens_not_before = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
		userID, tokenCutoff(now))
	return wrap("cut tokens of user", userID, err)
}

// tokenCutoff is the cutoff for a change at t. Tokens carry whole seconds, so one a
// second on refuses a token issued in the same second as the change.
func tokenCutoff(t time.Time) time.Time { return t.UTC().Truncate(time.Second).Add(time.Second) }

// CutoffsSince lists the cutoffs set after since, for services that verify tokens on
// their own; older ones no longer matter once every token they refuse has expired.
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
