package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ResetTTL is how long a password-reset link works.
const ResetTTL = time.Hour

// CreateReset stores a single-use reset token of userID by its hash.
func (s *Store) CreateReset(ctx context.Context, userID, tokenHash string, createdAt, expiresAt time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, createdAt, expiresAt)
	return wrap("create reset token of user", userID, err)
}

// ConsumeReset spends the token with tokenHash, if it is unused and unexpired at now
// (else errNoRow): the password becomes passwordHash and every session of the account
// ends, in one transaction. It returns the account's id.
func (s *Store) ConsumeReset(ctx context.Context, tokenHash, passwordHash string, now time.Time) (string, error) {
	var userID string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE password_resets SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`, tokenHash, now).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoRow
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
		// Every session ends, here and (through the cutoff) on every service.
		_, err = tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $2, tokens_not_before = $3
			WHERE user_id = $1 AND revoked_at IS NULL`, userID, now, tokenCutoff(now))
		return err
	})
	return userID, wrap("consume reset token", "", err)
}
