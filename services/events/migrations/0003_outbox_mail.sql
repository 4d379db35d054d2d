-- Ticket e-mail is enqueued in the kit outbox in the transaction that completes the
-- order, so orders no longer record whether their tickets were mailed.
ALTER TABLE orders DROP COLUMN mail_sent_at;
