-- A tier closes in the same transaction that cancels or completes its event, so a
-- purchase racing the cancellation either commits before it (and is refunded with
-- the rest) or finds the tier closed.
ALTER TABLE tiers ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
