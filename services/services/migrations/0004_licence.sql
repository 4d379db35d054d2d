-- A provider's licence evidence: a key in the service's bucket under licences/
-- (never served at a public address; admins open it through the admin pages),
-- its content type, and when it came. A listing with evidence and no badge waits
-- in the admins' queue.
ALTER TABLE providers ADD COLUMN licence_key TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN licence_type TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN licence_at TIMESTAMPTZ;
CREATE INDEX providers_licence_waiting ON providers (verified, licence_at);
