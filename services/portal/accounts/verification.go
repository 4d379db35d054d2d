package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
)

// VerifyTTL is how long an e-mail verification link works.
const VerifyTTL = 24 * time.Hour

// ErrBadVerifyToken answers a verification link that is unknown, used, expired, or
// mailed to an address the account no longer has.
var ErrBadVerifyToken = errs.Errorf(errs.CodeValidation,
	"This verification link is invalid or has expired. Sign in and ask for a new one on your account page.")

// verification is a pending verification link of userID's address email.
type verification struct {
	tokenHash, userID, email string
	createdAt, expiresAt     time.Time
}

// SignUpMail writes the mail a registration sends: the verification link to a new
// account, or the notice to the owner of an address that already has one.
type SignUpMail struct {
	Verify func(u User, token string) mail.Message
	Taken  func(email string) mail.Message
}

// SignUp registers a password account without telling whether the address had one:
// the password is hashed, one transaction runs and one mail is queued either way.
// A new account gets its verification link; the owner of a taken address gets a
// notice instead, and the caller gets a stand-in that carries only what was sent
// (see below). created says which it was, for the log and tests; never answer it.
func (s *Service) SignUp(ctx context.Context, r Registration, m SignUpMail) (u User, created bool, err error) {
	if err := r.Normalize(); err != nil {
		return User{}, false, err
	}
	hash, err := s.hash(r.Password, s.Params)
	if err != nil {
		return User{}, false, err
	}
	// For a taken address u is the stand-in: a fresh id that names no account, the
	// address and name as sent, the USER role every account has, unverified. It is
	// what a new account would show, so it reveals nothing of the real one.
	u = User{ID: newID("usr_"), Email: r.Email, Name: r.Name, Roles: []string{auth.RoleUser}, HasPassword: true,
		CreatedAt: s.now()}
	token := newSecret()
	v := verification{tokenHash: hashSecret(token), userID: u.ID, email: u.Email, createdAt: u.CreatedAt,
		expiresAt: u.CreatedAt.Add(VerifyTTL)}
	created, err = s.store.SignUp(ctx, u, hash, v, m.Verify(u, token), m.Taken(u.Email))
	if err != nil {
		return User{}, false, err
	}
	return u, created, nil
}

// CreateVerification mails u a new verification link, composed by compose; the
// link and its mail are stored in one transaction.
func (s *Service) CreateVerification(ctx context.Context, u User, compose func(token string) mail.Message) error {
	token := newSecret()
	now := s.now()
	v := verification{tokenHash: hashSecret(token), userID: u.ID, email: u.Email, createdAt: now, expiresAt: now.Add(VerifyTTL)}
	return s.store.CreateVerification(ctx, v, compose(token))
}

// VerifyEmail spends a verification link and marks its account's address verified;
// it returns the account's id.
func (s *Service) VerifyEmail(ctx context.Context, token string) (string, error) {
	if token == "" || len(token) > 100 {
		return "", ErrBadVerifyToken
	}
	userID, err := s.store.ConsumeVerification(ctx, hashSecret(token), s.now())
	if errors.Is(err, errNoRow) {
		return "", ErrBadVerifyToken
	}
	return userID, err
}

// MarkEmailVerified records that the account's owner receives mail at its address,
// proved otherwise than by a link (Google vouched for it, or it is a demo account).
func (s *Service) MarkEmailVerified(ctx context.Context, userID string) error {
	return userAnswer(s.store.MarkEmailVerified(ctx, userID, s.now()))
}

// SignUp creates u with its verification link and queues verifyMail, in one
// transaction; when u's address is taken it queues takenMail instead and creates
// nothing. It reports whether u was created.
func (s *Store) SignUp(ctx context.Context, u User, passwordHash string, v verification, verifyMail, takenMail mail.Message) (bool, error) {
	created := false
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		// No unique-violation error: on PostgreSQL it would abort the transaction
		// the notice is queued in.
		res, err := tx.ExecContext(ctx, insertUser+` ON CONFLICT (email) DO NOTHING`, userArgs(u, passwordHash, "")...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return outbox.Enqueue(ctx, tx, takenMail)
		}
		created = true
		if err := insertVerification(ctx, tx, v); err != nil {
			return err
		}
		return outbox.Enqueue(ctx, tx, verifyMail)
	})
	return created, wrap("sign up user", u.ID, err)
}

// CreateVerification stores v and queues its mail in one transaction.
func (s *Store) CreateVerification(ctx context.Context, v verification, m mail.Message) error {
	return wrap("create verification link of user", v.userID, s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertVerification(ctx, tx, v); err != nil {
			return err
		}
		return outbox.Enqueue(ctx, tx, m)
	}))
}

func insertVerification(ctx context.Context, tx *sql.Tx, v verification) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO email_verifications (token_hash, user_id, email, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, v.tokenHash, v.userID, v.email, v.createdAt, v.expiresAt)
	return err
}

// ConsumeVerification spends the link with tokenHash, if it is unused, unexpired at
// now and mailed to the account's present address (else errNoRow), and marks that
// address verified; the account's other links stop working. It returns the
// account's id.
func (s *Store) ConsumeVerification(ctx context.Context, tokenHash string, now time.Time) (string, error) {
	var userID, email string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE email_verifications SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id, email`, tokenHash, now).
			Scan(&userID, &email)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoRow
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET email_verified_at = COALESCE(email_verified_at, $3), updated_at = $3
			WHERE id = $1 AND email = $2`, userID, email, now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return errNoRow // the address changed since the link was mailed
		}
		_, err = tx.ExecContext(ctx, `UPDATE email_verifications SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now)
		return err
	})
	return userID, wrap("consume verification link", "", err)
}

// MarkEmailVerified records that userID's address is verified.
func (s *Store) MarkEmailVerified(ctx context.Context, userID string, now time.Time) error {
	return wrap("mark e-mail verified of user", userID, s.update(ctx,
		`UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2 WHERE id = $1`, userID, now))
}
