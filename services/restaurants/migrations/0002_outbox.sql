-- Order confirmation e-mails wait here until the mail server takes them, so a mail
-- server hiccup delays a confirmation instead of losing it.
CREATE TABLE outbox_mail (
    id         TEXT PRIMARY KEY,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    next_at    TIMESTAMPTZ NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at    TIMESTAMPTZ
);
CREATE INDEX outbox_mail_due ON outbox_mail (sent_at, next_at);
