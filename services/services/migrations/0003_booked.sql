-- The days a provider is not free ("free that Saturday?"): day is YYYY-MM-DD, a
-- Chicago calendar day. source: MANUAL (marked on the dashboard) or ICS (from the
-- provider's imported calendar, replaced whole by the next import). Search by event
-- date keeps only listings without a row for that day.
CREATE TABLE provider_booked_days (
    provider_id TEXT NOT NULL REFERENCES providers (id),
    day         TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider_id, day)
);
CREATE INDEX provider_booked_days_day ON provider_booked_days (day, provider_id);
