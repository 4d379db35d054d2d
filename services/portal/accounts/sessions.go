package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// SessionTTL is how long a session lives without use; each renewal extends it.
const SessionTTL = 30 * 24 * time.Hour

// ErrNoSession answers a refresh token that names no live session.
var ErrNoSession = errs.Errorf(errs.CodeUnauthenticated, "Your session has ended. Sign in again.")

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

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// CreateSession opens a session for userID and returns its refresh token
// ("id.secret"); only a hash of the secret is stored.
func (s *Store) CreateSession(ctx context.Context, userID, userAgent, clientIP string) (Session, string, error) {
	now := s.now()
	sess := Session{ID: newID("ses_"), UserID: userID, CreatedAt: now, LastUsedAt: now,
		ExpiresAt: now.Add(SessionTTL), UserAgent: truncate(userAgent, 256), ClientIP: truncate(clientIP, 64)}
	secret := newSecret()
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, user_id, secret_hash, created_at, last_used_at, expires_at, user_agent, client_ip)
		VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`, sess.ID, userID, hashSecret(secret), now, sess.ExpiresAt, sess.UserAgent, sess.ClientIP)
	if err != nil {
		return Session{}, "", err
	}
	return sess, sess.ID + "." + secret, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// RenewSession checks a refresh token and extends its session.
func (s *Store) RenewSession(ctx context.Context, token string) (Session, error) {
	id, secret, ok := strings.Cut(token, ".")
	if !ok || id == "" || secret == "" || len(token) > 200 {
		return Session{}, ErrNoSession
	}
	var sess Session
	var hash string
	var revoked sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, secret_hash, created_at, last_used_at, expires_at, revoked_at, user_agent, client_ip
		FROM sessions WHERE id = $1`, id).Scan(&sess.ID, &sess.UserID, &hash, &sess.CreatedAt, &sess.LastUsedAt,
		&sess.ExpiresAt, &revoked, &sess.UserAgent, &sess.ClientIP)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, err
	}
	now := s.now()
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(hash)) != 1 || revoked.Valid || !now.Before(sess.ExpiresAt) {
		return Session{}, ErrNoSession
	}
	sess.LastUsedAt, sess.ExpiresAt = now, now.Add(SessionTTL)
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_used_at = $2, expires_at = $3 WHERE id = $1 AND revoked_at IS NULL`,
		sess.ID, now, sess.ExpiresAt)
	if err != nil {
		return Session{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Session{}, ErrNoSession // revoked in between
	}
	return sess, nil
}

// RevokeSession ends one session of userID.
func (s *Store) RevokeSession(ctx context.Context, userID, sid string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE sessions SET revoked_at = $3, tokens_not_before = $4
		WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
		sid, userID, s.now(), tokenCutoff(s.now()))
	return err
}

// RevokeUserSessions ends every session of userID except keep (empty: all).
func (s *Store) RevokeUserSessions(ctx context.Context, userID, keep string) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET revoked_at = $3, tokens_not_before = $4
		WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`, userID, keep, s.now(), tokenCutoff(s.now()))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Sessions lists userID's live sessions, most recently used first.
func (s *Store) Sessions(ctx context.Context, userID string) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, created_at, last_used_at, expires_at, user_agent, client_ip
		FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY last_used_at DESC, id`, userID, s.now())
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

// PruneSessions deletes sessions that ended more than a day ago.
func (s *Store) PruneSessions(ctx context.Context) (int64, error) {
	cut := s.now().Add(-24 * time.Hour)
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`, cut)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
