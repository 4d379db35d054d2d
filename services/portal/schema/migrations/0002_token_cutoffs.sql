-- Tokens of a session issued before tokens_not_before are refused: set when the
-- session is revoked, and when an admin takes a role away (the next token, renewed
-- from the refresh cookie, carries the change). Services read recent cutoffs from
-- GET /api/auth/revocations.
ALTER TABLE sessions ADD COLUMN tokens_not_before TIMESTAMPTZ;
CREATE INDEX sessions_tokens_not_before ON sessions (tokens_not_before);
