package identity

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"stepperslife/internal/kit/mail"
)

// Without a mail server, a developer finds queued mail, and the link in it, in the log.
func TestLogMailerLogsQueuedMail(t *testing.T) {
	var buf bytes.Buffer
	LogMailer{Log: slog.New(slog.NewTextHandler(&buf, nil))}.Queued(context.Background(),
		mail.Message{To: []string{"ann@example.com"}, Subject: "Confirm", Text: "http://portal/verify?token=abc"})
	if s := buf.String(); !strings.Contains(s, "ann@example.com") || !strings.Contains(s, "/verify?token=abc") {
		t.Fatalf("log: %s", s)
	}
}
