package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/errs"
)

// ResetTTL is how long a password-reset link works.
const ResetTTL = time.Hour

// ErrBadResetToken answers a reset link that is unknown, used or expired.
var ErrBadResetToken = errs.Errorf(errs.CodeValidation, "This reset link is invalid or has expired. Ask for a new one.")

// CreateReset makes a single-use reset token for userID; only its hash is stored.
func (s *Store) CreateReset(ctx context.Context, userID string) (string, error) {
	token := newSecret()
	now := s.now()
	_, err := s.db.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		hashSecret(token), userID, now, now.Add(ResetTTL))
	return token, err
}

// ConsumeReset spends token: the password becomes passwordHash and every session of
// the account ends, in one transaction. It returns the account's id.
func (s *Store) ConsumeReset(ctx context.Context, token, passwordHash string) (string, error) {
	if token == "" || len(token) > 100 {
		return "", ErrBadResetToken
	}
	var userID string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`, hashSecret(token), now).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrBadResetToken
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, userID, passwordHash, now); err != nil {
			return err
		}
		// Other outstanding links of the account stop working too.
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, userID, now)
		return err
	})
	return userID, err
}
