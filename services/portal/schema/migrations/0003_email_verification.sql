-- An account's address is verified once its owner followed a link mailed to it, or
-- Google vouched for it. Until then no service may grant rights by that address.
-- Accounts linked to Google were made or linked only with a Google-verified address.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;
UPDATE users SET email_verified_at = updated_at WHERE google_sub IS NOT NULL;

-- E-mail verification links: single use, expiring, stored as SHA-256. Each names the
-- address it was mailed to, and verifies only that address.
CREATE TABLE email_verifications (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);
