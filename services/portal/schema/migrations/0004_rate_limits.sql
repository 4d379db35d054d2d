-- Sign-in, registration and reset limits, shared by every portal replica on
-- PostgreSQL (one process on SQLite keeps them in memory). One row per counted event,
-- kept while inside its limit's window; the key rows only serialise the replicas
-- counting the same key.
CREATE TABLE rate_limit_keys (
    limit_name TEXT NOT NULL,
    subject    TEXT NOT NULL,
    PRIMARY KEY (limit_name, subject)
);
CREATE TABLE rate_limit_events (
    limit_name TEXT NOT NULL,
    subject    TEXT NOT NULL,
    at_us      BIGINT NOT NULL -- Unix microseconds
);
CREATE INDEX rate_limit_events_subject ON rate_limit_events (limit_name, subject, at_us);
