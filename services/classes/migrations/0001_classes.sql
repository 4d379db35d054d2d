-- Classes an instructor teaches. status: DRAFT, PUBLISHED, COMPLETED, CANCELLED.
-- wait_seq hands out the waitlist's order, one number at a time under the class's
-- row lock, so the line has no ties. first_starts_at and last_ends_at span the
-- sessions, for lists.
CREATE TABLE classes (
    id                  TEXT PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    instructor_id       TEXT NOT NULL,
    instructor_email    TEXT NOT NULL DEFAULT '',
    instructor_name     TEXT NOT NULL DEFAULT '',
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    style               TEXT NOT NULL,
    level               TEXT NOT NULL,
    venue               TEXT NOT NULL,
    address             TEXT NOT NULL DEFAULT '',
    capacity            INTEGER NOT NULL,
    price_cents         BIGINT NOT NULL,
    drop_in_price_cents BIGINT,
    duration_minutes    INTEGER NOT NULL,
    cutoff_hours        INTEGER NOT NULL,
    role_cap            INTEGER NOT NULL DEFAULT 0,
    what_to_bring       TEXT NOT NULL DEFAULT '',
    prerequisites       TEXT NOT NULL DEFAULT '',
    cover_key           TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    wait_seq            BIGINT NOT NULL DEFAULT 0,
    first_starts_at     TIMESTAMPTZ NOT NULL,
    last_ends_at        TIMESTAMPTZ NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX classes_public ON classes (status, first_starts_at);
CREATE INDEX classes_instructor ON classes (instructor_id, first_starts_at);

-- One meeting of a class. taken counts every seat held or paid; taken <= capacity is
-- the invariant every enrolment keeps with a conditional UPDATE. leads and follows
-- count the seats of students who dance one side, for the class's balance cap.
-- sequence grows with each change a calendar must pick up (iCalendar SEQUENCE).
CREATE TABLE class_sessions (
    id         TEXT PRIMARY KEY,
    class_id   TEXT NOT NULL REFERENCES classes (id),
    position   INTEGER NOT NULL,
    starts_at  TIMESTAMPTZ NOT NULL,
    ends_at    TIMESTAMPTZ NOT NULL,
    status     TEXT NOT NULL,
    capacity   INTEGER NOT NULL,
    taken      INTEGER NOT NULL DEFAULT 0,
    leads      INTEGER NOT NULL DEFAULT 0,
    follows    INTEGER NOT NULL DEFAULT 0,
    sequence   INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (taken >= 0 AND taken <= capacity),
    CHECK (leads >= 0 AND follows >= 0)
);
CREATE INDEX class_sessions_class ON class_sessions (class_id, starts_at);
CREATE INDEX class_sessions_due ON class_sessions (status, starts_at);

-- A student's place: seats in every upcoming session (SERIES) or in one (DROP_IN,
-- session_id), or a place in line (WAITLISTED, ordered by wait_seq). status:
-- PENDING_PAYMENT, CONFIRMED, WAITLISTED, OFFERED, CANCELLED, REFUNDED, EXPIRED.
-- hold_expires_at ends an unpaid card hold or a claim window.
CREATE TABLE enrollments (
    id                  TEXT PRIMARY KEY,
    class_id            TEXT NOT NULL REFERENCES classes (id),
    session_id          TEXT REFERENCES class_sessions (id),
    student_id          TEXT NOT NULL,
    student_name        TEXT NOT NULL,
    student_email       TEXT NOT NULL,
    kind                TEXT NOT NULL,
    method              TEXT NOT NULL,
    role                TEXT NOT NULL,
    partner_name        TEXT NOT NULL DEFAULT '',
    partner_email       TEXT NOT NULL DEFAULT '',
    seats               INTEGER NOT NULL,
    status              TEXT NOT NULL,
    amount_cents        BIGINT NOT NULL,
    fee_cents           BIGINT NOT NULL DEFAULT 0,
    refunded_cents      BIGINT NOT NULL DEFAULT 0,
    currency            TEXT NOT NULL,
    wait_seq            BIGINT NOT NULL DEFAULT 0,
    hold_expires_at     TIMESTAMPTZ,
    checkout_session_id TEXT NOT NULL DEFAULT '',
    checkout_url        TEXT NOT NULL DEFAULT '',
    payment_intent_id   TEXT NOT NULL DEFAULT '',
    door_paid_at        TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    CHECK (seats IN (1, 2)),
    CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents)
);
CREATE INDEX enrollments_class ON enrollments (class_id, status, wait_seq);
CREATE INDEX enrollments_student ON enrollments (student_id, created_at);
CREATE INDEX enrollments_holds ON enrollments (status, hold_expires_at);

-- The sessions whose seats an enrolment took; held = 0 once they were given back.
CREATE TABLE enrollment_seats (
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    session_id    TEXT NOT NULL REFERENCES class_sessions (id),
    held          INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (enrollment_id, session_id)
);
CREATE INDEX enrollment_seats_session ON enrollment_seats (session_id, held);

-- Attendance: one mark per student per session, with who marked it and when.
CREATE TABLE attendance (
    session_id    TEXT NOT NULL REFERENCES class_sessions (id),
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    status        TEXT NOT NULL,
    marked_by     TEXT NOT NULL,
    marked_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, enrollment_id)
);

-- Reviews: one per student per class, written after attending.
CREATE TABLE reviews (
    id           TEXT PRIMARY KEY,
    class_id     TEXT NOT NULL REFERENCES classes (id),
    student_id   TEXT NOT NULL,
    student_name TEXT NOT NULL,
    rating       INTEGER NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    reply        TEXT NOT NULL DEFAULT '',
    replied_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (class_id, student_id),
    CHECK (rating BETWEEN 1 AND 5)
);

-- Reminders sent: a row is written in the transaction that enqueues the reminder's
-- e-mail, so a restart neither loses nor repeats one. starts_at is part of the key:
-- a session moved to another time is reminded of again.
CREATE TABLE reminders (
    session_id    TEXT NOT NULL REFERENCES class_sessions (id),
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    starts_at     TIMESTAMPTZ NOT NULL,
    sent_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, enrollment_id, starts_at)
);

-- Instructors' Stripe Connect accounts, which card enrolments are paid to.
CREATE TABLE instructors (
    user_id           TEXT PRIMARY KEY,
    email             TEXT NOT NULL,
    stripe_account_id TEXT NOT NULL DEFAULT '',
    charges_enabled   INTEGER NOT NULL DEFAULT 0,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX instructors_account ON instructors (stripe_account_id);
