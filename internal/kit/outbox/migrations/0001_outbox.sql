-- E-mail waits here from the transaction that announces it until the mail server
-- takes it, so a mail server hiccup delays a message instead of losing it. id is the
-- Message-ID, sent on every attempt, so a resend is recognisably the same message.
-- to_addrs holds one address per line. A claimed row's next_at is the end of its
-- claim: another process takes it only if the claimer died while sending. A message
-- the mail server can never take (no valid recipient) is given up: failed_at.
CREATE TABLE kit_outbox_mail (
    id         TEXT PRIMARY KEY,
    to_addrs   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    text_body  TEXT NOT NULL,
    html_body  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    next_at    TIMESTAMPTZ NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at    TIMESTAMPTZ,
    failed_at  TIMESTAMPTZ
);
CREATE INDEX kit_outbox_mail_due ON kit_outbox_mail (next_at, id) WHERE sent_at IS NULL;
CREATE INDEX kit_outbox_mail_sent ON kit_outbox_mail (sent_at) WHERE sent_at IS NOT NULL;
