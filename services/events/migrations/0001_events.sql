-- Events an organizer runs. status: DRAFT, PUBLISHED, COMPLETED, CANCELLED.
CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    organizer_id    TEXT NOT NULL,
    organizer_email TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    category        TEXT NOT NULL DEFAULT '',
    venue           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    starts_at       TIMESTAMPTZ NOT NULL,
    ends_at         TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL,
    flyer_key       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_public ON events (status, starts_at);
CREATE INDEX events_organizer ON events (organizer_id, starts_at);

-- Ticket tiers. sold counts every seat taken, held or paid; sold <= capacity is the
-- invariant every purchase keeps with a conditional UPDATE.
CREATE TABLE tiers (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES events (id),
    name          TEXT NOT NULL,
    price_cents   BIGINT NOT NULL,
    capacity      INTEGER NOT NULL,
    sold          INTEGER NOT NULL DEFAULT 0,
    sales_start   TIMESTAMPTZ,
    sales_end     TIMESTAMPTZ,
    max_per_order INTEGER NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    CHECK (sold >= 0 AND sold <= capacity)
);
CREATE INDEX tiers_event ON tiers (event_id);

-- Discount codes; used_count is taken like seats, conditionally.
CREATE TABLE discount_codes (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES events (id),
    code        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    usage_limit INTEGER NOT NULL DEFAULT 0,
    used_count  INTEGER NOT NULL DEFAULT 0,
    expires_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, code)
);

-- Orders. status: PENDING (card checkout open), PENDING_PAYMENT (cash), COMPLETED,
-- FAILED, CANCELLED, REFUNDED. hold_expires_at is set while seats are held unpaid.
CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    event_id            TEXT NOT NULL REFERENCES events (id),
    buyer_id            TEXT NOT NULL,
    buyer_name          TEXT NOT NULL,
    buyer_email         TEXT NOT NULL,
    method              TEXT NOT NULL,
    status              TEXT NOT NULL,
    subtotal_cents      BIGINT NOT NULL,
    discount_cents      BIGINT NOT NULL DEFAULT 0,
    total_cents         BIGINT NOT NULL,
    fee_cents           BIGINT NOT NULL DEFAULT 0,
    currency            TEXT NOT NULL,
    discount_id         TEXT,
    hold_expires_at     TIMESTAMPTZ,
    checkout_session_id TEXT NOT NULL DEFAULT '',
    checkout_url        TEXT NOT NULL DEFAULT '',
    payment_intent_id   TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    completed_at        TIMESTAMPTZ,
    closed_at           TIMESTAMPTZ,
    mail_sent_at        TIMESTAMPTZ
);
CREATE INDEX orders_event ON orders (event_id, status);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at);
CREATE INDEX orders_holds ON orders (status, hold_expires_at);

-- Tickets: the code is the bearer secret shown as a QR code.
CREATE TABLE tickets (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    order_id       TEXT NOT NULL REFERENCES orders (id),
    event_id       TEXT NOT NULL REFERENCES events (id),
    tier_id        TEXT NOT NULL REFERENCES tiers (id),
    owner_id       TEXT NOT NULL,
    attendee_name  TEXT NOT NULL,
    attendee_email TEXT NOT NULL,
    price_cents    BIGINT NOT NULL,
    status         TEXT NOT NULL,
    scanned_at     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX tickets_order ON tickets (order_id);
CREATE INDEX tickets_owner ON tickets (owner_id, created_at);
CREATE INDEX tickets_event ON tickets (event_id, status);

-- Staff who may scan tickets at one event, named by e-mail by the organizer.
CREATE TABLE event_staff (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id),
    email      TEXT NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, email)
);
CREATE INDEX event_staff_email ON event_staff (email);

-- Organizers' Stripe Connect accounts, which card sales are paid to.
CREATE TABLE organizers (
    user_id           TEXT PRIMARY KEY,
    email             TEXT NOT NULL,
    stripe_account_id TEXT NOT NULL DEFAULT '',
    updated_at        TIMESTAMPTZ NOT NULL
);
