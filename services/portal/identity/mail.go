package identity

import (
	"context"
	"log/slog"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/mail"
)

// Mailer sends one plain-text e-mail.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// NewMailer picks the mailer for cfg: SMTP when a host is set, the log in dev, none
// otherwise: a production portal never writes reset links to its log.
func NewMailer(cfg config.Service, log *slog.Logger) Mailer {
	switch {
	case cfg.SMTP.Host != "":
		return smtpMailer{s: mail.New(cfg.SMTP, log)}
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

// smtpMailer sends through the kit's SMTP sender.
type smtpMailer struct{ s *mail.Sender }

func (m smtpMailer) Send(ctx context.Context, to, subject, body string) error {
	return m.s.Send(ctx, mail.Message{To: []string{to}, Subject: subject, Text: body})
}
