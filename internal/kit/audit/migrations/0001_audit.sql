-- Every admin action of a service, written in the transaction of the action itself,
-- so the trail holds exactly what happened: who (the actor's id and e-mail as their
-- token said), what (action, on subject_kind/subject_id, with an optional detail such
-- as the role granted), when (at, UTC) and why (reason). Rows are never changed.
-- id sorts by time (its hex prefix is at in microseconds), breaking ties of at.
CREATE TABLE kit_audit (
    id           TEXT PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_email  TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kit_audit_subject ON kit_audit (subject_kind, subject_id, at);
CREATE INDEX kit_audit_at ON kit_audit (at);
