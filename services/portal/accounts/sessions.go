package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SessionTTL is how long a session lives without use; each renewal extends it.
const SessionTTL = 30 * 24 * time.Hour

// Session is one signed-in browser or client.
type Session struct {
	ID         string    `json:"id"`
	UserID     string    `json:"-"`
	CreatedAt  time.Time `json:"createdAt"`
	LastUsedAt time.Time `json:"lastUsedAt"`
	ExpiresAt  time.Time `json:"expiresAt"`
	UserAgent  string    `json:"userAgent"`
	ClientIP   string    `json:"clientIp"`
}

// CreateSession stores sess with the hash of its secret.
func (s *Store) CreateSession(ctx context.Context, sess Session, secretHash string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, user_id, secret_hash, created_at, last_used_at, expires_at, user_agent, client_ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, sess.ID, sess.UserID, secretHash, sess.CreatedAt, sess.LastUsedAt,
		sess.ExpiresAt, sess.UserAgent, sess.ClientIP)
	return wrap("create session", sess.ID, err)
}

// SessionByID finds a session with the hash of its secret and whether it was
// revoked; an unknown one is errNoRow.
func (s *Store) SessionByID(ctx context.Context, id string) (sess Session, secretHash string, revoked bool, err error) {
	var revokedAt sql.NullTime
	err = s.db.QueryRowContext(ctx, `SELECT id, user_id, secret_hash, created_at, last_used_at, expires_at, revoked_at, user_agent, client_ip
		FROM sessions WHERE id = $1`, id).Scan(&sess.ID, &sess.UserID, &secretHash, &sess.CreatedAt, &sess.LastUsedAt,
		&sess.ExpiresAt, &revokedAt, &sess.UserAgent, &sess.ClientIP)
	if errors.Is(err, sql.ErrNoRows) {
		err = errNoRow
	}
	return sess, secretHash, revokedAt.Valid, wrap("session", id, err)
}

// ExtendSession records a use of session id and its new expiry, unless it was
// revoked meanwhile (errNoRow).
func (s *Store) ExtendSession(ctx context.Context, id string, usedAt, expiresAt time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_used_at = $2, expires_at = $3 WHERE id = $1 AND revoked_at IS NULL`,
		id, usedAt, expiresAt)
	if err == nil {
		if n, _ := res.RowsAffected(); n == 0 {
			err = errNoRow
		}
	}
	return wrap("extend session", id, err)
}

// RevokeSession ends one session of userID.
func (s *Store) RevokeSession(ctx context.Context, userID, sid string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE sessions SET revoked_at = $3, tokens_not_before = $4
		WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, sid, userID, now, tokenCutoff(now))
	return wrap("revoke session", sid, err)
}

// RevokeUserSessions ends every session of userID except keep (empty: all).
func (s *Store) RevokeUserSessions(ctx context.Context, userID, keep string, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET revoked_at = $3, tokens_not_before = $4
		WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`, userID, keep, now, tokenCutoff(now))
	if err != nil {
		return 0, wrap("revoke sessions of user", userID, err)
	}
	n, err := res.RowsAffected()
	return n, wrap("revoke sessions of user", userID, err)
}

// Sessions lists userID's sessions live at now, most recently used first.
func (s *Store) Sessions(ctx context.Context, userID string, now time.Time) ([]Session, error) {
	out, err := s.sessions(ctx, userID, now)
	return out, wrap("sessions of user", userID, err)
}

func (s *Store) sessions(ctx context.Context, userID string, now time.Time) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, created_at, last_used_at, expires_at, user_agent, client_ip
		FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY last_used_at DESC, id`, userID, now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var x Session
		if err := rows.Scan(&x.ID, &x.UserID, &x.CreatedAt, &x.LastUsedAt, &x.ExpiresAt, &x.UserAgent, &x.ClientIP); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// PruneSessions deletes sessions that expired or were revoked before cut.
func (s *Store) PruneSessions(ctx context.Context, cut time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`, cut)
	if err != nil {
		return 0, wrap("prune sessions before", cut.Format(time.RFC3339), err)
	}
	n, err := res.RowsAffected()
	return n, wrap("prune sessions before", cut.Format(time.RFC3339), err)
}
