// Package mail hands order e-mails to the kit's SMTP sender.
package mail

import (
	"context"
	"log/slog"

	"stepperslife/internal/kit/config"
	kitmail "stepperslife/internal/kit/mail"
)

// SMTP sends plain-text order e-mails through the configured mail server.
type SMTP struct{ s *kitmail.Sender }

// New is a sender for cfg.
func New(cfg config.SMTP, log *slog.Logger) *SMTP { return &SMTP{s: kitmail.New(cfg, log)} }

// Send delivers one plain-text message to one recipient.
func (m *SMTP) Send(ctx context.Context, to, subject, body string) error {
	return m.s.Send(ctx, kitmail.Message{To: []string{to}, Subject: subject, Text: body})
}
