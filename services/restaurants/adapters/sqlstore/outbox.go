package sqlstore

import (
	"context"
	"time"

	"stepperslife/services/restaurants/domain"
)

// now is the outbox's own clock: its timings are the mailer's, not a use case's.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// EnqueueMail puts a message in the outbox; on a store bound to a transaction it is
// queued inside it (so it is sent only if what it announces is committed).
func (s *Store) EnqueueMail(ctx context.Context, m domain.Mail) error {
	t := now()
	_, err := s.q().ExecContext(ctx, `INSERT INTO outbox_mail (id, to_addr, subject, body, created_at, next_at)
		VALUES ($1, $2, $3, $4, $5, $5)`, domain.NewID("mail"), m.To, m.Subject, m.Body, t)
	return wrap(err, "enqueue mail %q", m.Subject)
}

// DueMail lists unsent messages whose time has come, oldest first.
func (s *Store) DueMail(ctx context.Context, limit int) ([]domain.Mail, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, to_addr, subject, body, attempts FROM outbox_mail
		WHERE sent_at IS NULL AND next_at <= $1 ORDER BY next_at, id LIMIT $2`, now(), limit)
	if err != nil {
		return nil, wrap(err, "due mail")
	}
	defer rows.Close()
	var out []domain.Mail
	for rows.Next() {
		var m domain.Mail
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.Attempts); err != nil {
			return nil, wrap(err, "due mail")
		}
		out = append(out, m)
	}
	return out, wrap(rows.Err(), "due mail")
}

// MailSent marks a message delivered to the mail server.
func (s *Store) MailSent(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox_mail SET sent_at = $2 WHERE id = $1`, id, now())
	return wrap(err, "mark mail %s sent", id)
}

// MailFailed records a failed attempt and when to try again.
func (s *Store) MailFailed(ctx context.Context, id, problem string, retryIn time.Duration) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox_mail SET attempts = attempts + 1, last_error = $2, next_at = $3 WHERE id = $1`,
		id, problem, now().Add(retryIn))
	return wrap(err, "mark mail %s failed", id)
}
