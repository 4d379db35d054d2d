-- Tokens of a session issued before tokens_not_before are refused: set when the
-- session is revoked. Tokens of a user issued before roles_changed_at grant only the
-- roles the user has now: set when an admin takes a role away. Services read both
-- from GET /api/auth/revocations.
ALTER TABLE sessions ADD COLUMN tokens_not_before TIMESTAMPTZ;
CREATE INDEX sessions_tokens_not_before ON sessions (tokens_not_before);
ALTER TABLE users ADD COLUMN roles_changed_at TIMESTAMPTZ;
CREATE INDEX users_roles_changed_at ON users (roles_changed_at);
