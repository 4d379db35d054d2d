package identity

import (
	"context"
	"log/slog"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
)

// Mailer sends one plain-text e-mail, and learns of mail queued in the outbox by a
// transaction.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
	// Queued is told of m once the transaction that put it in the outbox committed.
	Queued(ctx context.Context, m mail.Message)
}

// NewMailer picks the mailer for cfg: the outbox (kept in database, delivered by
// box) when an SMTP host is set, the log in dev, none otherwise: a production portal
// never writes reset links to its log.
func NewMailer(cfg config.Service, database outbox.Execer, box *outbox.Outbox, log *slog.Logger) Mailer {
	switch {
	case cfg.SMTP.Host != "":
		return OutboxMailer{DB: database, Outbox: box}
	case cfg.Dev:
		return LogMailer{Log: log}
	}
	return nil
}

// LogMailer writes mail to the log, for development without a mail server.
type LogMailer struct{ Log *slog.Logger }

// Send logs the message.
func (m LogMailer) Send(_ context.Context, to, subject, body string) error {
	m.Log.Info("mail (development: not sent)", slog.String("to", to), slog.String("subject", subject), slog.String("body", body))
	return nil
}

// Queued logs m: without a mail server it waits in the outbox, and a developer
// follows its link from the log.
func (m LogMailer) Queued(_ context.Context, msg mail.Message) {
	m.Log.Info("mail (development: not sent)", slog.Any("to", msg.To), slog.String("subject", msg.Subject), slog.String("body", msg.Text))
}

// OutboxMailer puts mail in the kit outbox, which sends it, and retries it until the
// mail server takes it.
type OutboxMailer struct {
	DB     outbox.Execer
	Outbox *outbox.Outbox
}

// Send enqueues the message and wakes the outbox to send it at once.
func (m OutboxMailer) Send(ctx context.Context, to, subject, body string) error {
	if err := outbox.Enqueue(ctx, m.DB, mail.Message{To: []string{to}, Subject: subject, Text: body}); err != nil {
		return err
	}
	m.Outbox.Kick()
	return nil
}

// Queued wakes the outbox to send m at once.
func (m OutboxMailer) Queued(context.Context, mail.Message) { m.Outbox.Kick() }
