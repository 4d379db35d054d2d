package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// Mail is one e-mail waiting in the outbox.
type Mail struct {
	ID       string
	To       string
	Subject  string
	Body     string
	Attempts int
}

// EnqueueMail puts a message in the outbox, inside tx when given (so it is sent only
// if what it announces is committed).
func (s *Store) EnqueueMail(ctx context.Context, tx *sql.Tx, m Mail) error {
	var q querier = s.db
	if tx != nil {
		q = tx
	}
	t := now()
	_, err := q.ExecContext(ctx, `INSERT INTO outbox_mail (id, to_addr, subject, body, created_at, next_at)
		VALUES ($1, $2, $3, $4, $5, $5)`, NewID("mail"), m.To, m.Subject, m.Body, t)
	return err
}

// DueMail lists unsent messages whose time has come, oldest first.
func (s *Store) DueMail(ctx context.Context, limit int) ([]Mail, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, to_addr, subject, body, attempts FROM outbox_mail
		WHERE sent_at IS NULL AND next_at <= $1 ORDER BY next_at, id LIMIT $2`, now(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		var m Mail
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.Attempts); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MailSent marks a message delivered to the mail server.
func (s *Store) MailSent(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox_mail SET sent_at = $2 WHERE id = $1`, id, now())
	return err
}

// MailFailed records a failed attempt and when to try again.
func (s *Store) MailFailed(ctx context.Context, id, problem string, retryIn time.Duration) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox_mail SET attempts = attempts + 1, last_error = $2, next_at = $3 WHERE id = $1`,
		id, problem, now().Add(retryIn))
	return err
}
