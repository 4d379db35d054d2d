-- A student's private calendar of their classes: the token in its address is the
-- only key to it, so it can be given to a calendar app that signs in as nobody.
CREATE TABLE calendar_feeds (
    student_id TEXT PRIMARY KEY,
    token      TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
