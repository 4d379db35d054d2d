package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
)

// ErrNoSession answers a refresh token that names no live session.
var ErrNoSession = errs.Errorf(errs.CodeUnauthenticated, "Your session has ended. Sign in again.")

// ErrBadResetToken answers a reset link that is unknown, used or expired.
var ErrBadResetToken = errs.Errorf(errs.CodeValidation, "This reset link is invalid or has expired. Ask for a new one.")

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// CreateSession opens a session for userID and returns its refresh token
// ("id.secret"); only a hash of the secret is stored.
func (s *Service) CreateSession(ctx context.Context, userID, userAgent, clientIP string) (Session, string, error) {
	now := s.now()
	sess := Session{ID: newID("ses_"), UserID: userID, CreatedAt: now, LastUsedAt: now,
		ExpiresAt: now.Add(SessionTTL), UserAgent: truncate(userAgent, 256), ClientIP: truncate(clientIP, 64)}
	secret := newSecret()
	if err := s.store.CreateSession(ctx, sess, hashSecret(secret)); err != nil {
		return Session{}, "", err
	}
	return sess, sess.ID + "." + secret, nil
}

// RenewSession checks a refresh token and extends its session.
func (s *Service) RenewSession(ctx context.Context, token string) (Session, error) {
	id, secret, ok := strings.Cut(token, ".")
	if !ok || id == "" || secret == "" || len(token) > 200 {
		return Session{}, ErrNoSession
	}
	sess, hash, revoked, err := s.store.SessionByID(ctx, id)
	if errors.Is(err, errNoRow) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, err
	}
	now := s.now()
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(hash)) != 1 || revoked || !now.Before(sess.ExpiresAt) {
		return Session{}, ErrNoSession
	}
	sess.LastUsedAt, sess.ExpiresAt = now, now.Add(SessionTTL)
	err = s.store.ExtendSession(ctx, sess.ID, sess.LastUsedAt, sess.ExpiresAt)
	if errors.Is(err, errNoRow) {
		return Session{}, ErrNoSession // revoked in between
	}
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

// CheckToken checks a verified token against the database: a revoked session's token
// is refused at once, and one issued before an admin took a role away grants only
// the roles left (a TokenVerifier's Check).
func (s *Service) CheckToken(ctx context.Context, t auth.Issued) ([]string, error) {
	ok, roles, err := s.store.CheckSession(ctx, t.SessionID, t.At, s.now())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, auth.ErrSessionEnded
	}
	return roles, nil
}

// CutoffsSince lists the session cutoffs set after since.
func (s *Service) CutoffsSince(ctx context.Context, since time.Time) ([]Cutoff, error) {
	return s.store.CutoffsSince(ctx, since)
}

// RoleCutsSince lists the live sessions whose user lost a role after since, with the
// user's roles now.
func (s *Service) RoleCutsSince(ctx context.Context, since time.Time) ([]RoleCut, error) {
	return s.store.RoleCutsSince(ctx, since, s.now())
}

// RevokeSession ends one session of userID.
func (s *Service) RevokeSession(ctx context.Context, userID, sid string) error {
	return s.store.RevokeSession(ctx, userID, sid, s.now())
}

// RevokeUserSessions ends every session of userID except keep (empty: all).
func (s *Service) RevokeUserSessions(ctx context.Context, userID, keep string) (int64, error) {
	return s.store.RevokeUserSessions(ctx, userID, keep, s.now())
}

// Sessions lists userID's live sessions, most recently used first.
func (s *Service) Sessions(ctx context.Context, userID string) ([]Session, error) {
	return s.store.Sessions(ctx, userID, s.now())
}

// PruneSessions deletes sessions that ended more than a day ago.
func (s *Service) PruneSessions(ctx context.Context) (int64, error) {
	return s.store.PruneSessions(ctx, s.now().Add(-24*time.Hour))
}

// CreateReset makes a single-use reset token for userID; only its hash is stored.
func (s *Service) CreateReset(ctx context.Context, userID string) (string, error) {
	token := newSecret()
	now := s.now()
	if err := s.store.CreateReset(ctx, userID, hashSecret(token), now, now.Add(ResetTTL)); err != nil {
		return "", err
	}
	return token, nil
}

// consumeReset spends token: the password becomes passwordHash and every session of
// the account ends, in one transaction.
func (s *Service) consumeReset(ctx context.Context, token, passwordHash string) error {
	if token == "" || len(token) > 100 {
		return ErrBadResetToken
	}
	_, err := s.store.ConsumeReset(ctx, hashSecret(token), passwordHash, s.now())
	if errors.Is(err, errNoRow) {
		return ErrBadResetToken
	}
	return err
}
