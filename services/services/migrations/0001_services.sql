-- A business in the directory. status: PENDING, APPROVED, REJECTED, SUSPENDED; only
-- APPROVED listings are public. details is the category's facts as JSON. lat and lon
-- come from the bundled ZIP table (NULL when the ZIP is not in it). area_kind: RADIUS
-- (radius_miles around lat/lon), CITIES (provider_cities), ONLINE. review_count and
-- rating_sum cover VISIBLE reviews only and change with each review in its
-- transaction; rank_score is their Bayesian average, what orders the directory after
-- premium. search_text is what word searches read (name, tagline, category, city,
-- description), written with the listing.
CREATE TABLE providers (
    id                   TEXT PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE,
    owner_id             TEXT NOT NULL,
    owner_email          TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    reject_reason        TEXT NOT NULL DEFAULT '',
    business_name        TEXT NOT NULL,
    tagline              TEXT NOT NULL DEFAULT '',
    description          TEXT NOT NULL,
    description_html     TEXT NOT NULL,
    category             TEXT NOT NULL,
    details              TEXT NOT NULL DEFAULT '{}',
    phone                TEXT NOT NULL,
    email                TEXT NOT NULL,
    website              TEXT NOT NULL DEFAULT '',
    city                 TEXT NOT NULL,
    zip                  TEXT NOT NULL,
    lat                  DOUBLE PRECISION,
    lon                  DOUBLE PRECISION,
    area_kind            TEXT NOT NULL,
    radius_miles         INTEGER NOT NULL DEFAULT 0,
    price_range          TEXT NOT NULL,
    price_level          INTEGER NOT NULL,
    starting_price_cents BIGINT NOT NULL DEFAULT 0,
    logo_key             TEXT NOT NULL DEFAULT '',
    cover_key            TEXT NOT NULL DEFAULT '',
    verified             BOOLEAN NOT NULL DEFAULT FALSE,
    premium_until        TIMESTAMPTZ,
    review_count         INTEGER NOT NULL DEFAULT 0,
    rating_sum           INTEGER NOT NULL DEFAULT 0,
    rank_score           DOUBLE PRECISION NOT NULL,
    search_text          TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CHECK (review_count >= 0 AND rating_sum >= review_count AND rating_sum <= 5 * review_count)
);
CREATE INDEX providers_public ON providers (status, category, rank_score);
CREATE INDEX providers_owner ON providers (owner_id, created_at);
CREATE INDEX providers_place ON providers (status, lat, lon);

-- The cities a CITIES-area provider serves, in lower case for matching.
CREATE TABLE provider_cities (
    provider_id TEXT NOT NULL REFERENCES providers (id),
    city_key    TEXT NOT NULL,
    PRIMARY KEY (provider_id, city_key)
);
CREATE INDEX provider_cities_city ON provider_cities (city_key);

-- Portfolio photos, in the order shown.
CREATE TABLE provider_photos (
    id          TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    blob_key    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX provider_photos_provider ON provider_photos (provider_id, position);

-- One review per customer per provider (the unique key decides racing submissions).
-- status: VISIBLE, REPORTED (hidden until an admin decides), REMOVED.
CREATE TABLE reviews (
    id            TEXT PRIMARY KEY,
    provider_id   TEXT NOT NULL REFERENCES providers (id),
    author_id     TEXT NOT NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    rating        INTEGER NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    verified      BOOLEAN NOT NULL DEFAULT FALSE,
    status        TEXT NOT NULL,
    report_reason TEXT NOT NULL DEFAULT '',
    reported_by   TEXT NOT NULL DEFAULT '',
    reply         TEXT NOT NULL DEFAULT '',
    replied_at    TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (provider_id, author_id),
    CHECK (rating BETWEEN 1 AND 5)
);
CREATE INDEX reviews_provider ON reviews (provider_id, status, created_at);
CREATE INDEX reviews_status ON reviews (status, updated_at);

-- A quote request. status: NEW, VIEWED, RESPONDED, ARCHIVED. event_date is a calendar
-- day (YYYY-MM-DD). responded_at is the provider's first reply.
CREATE TABLE inquiries (
    id             TEXT PRIMARY KEY,
    provider_id    TEXT NOT NULL REFERENCES providers (id),
    customer_id    TEXT NOT NULL,
    customer_name  TEXT NOT NULL DEFAULT '',
    customer_email TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    event_date     TEXT,
    event_type     TEXT NOT NULL DEFAULT '',
    location       TEXT NOT NULL DEFAULT '',
    guests         INTEGER NOT NULL DEFAULT 0,
    budget_cents   BIGINT,
    message        TEXT NOT NULL,
    responded_at   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX inquiries_provider ON inquiries (provider_id, status, created_at);
CREATE INDEX inquiries_customer ON inquiries (customer_id, created_at);

-- The thread of an inquiry, oldest first.
CREATE TABLE inquiry_messages (
    id         TEXT PRIMARY KEY,
    inquiry_id TEXT NOT NULL REFERENCES inquiries (id),
    author_id  TEXT NOT NULL,
    from_owner BOOLEAN NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX inquiry_messages_inquiry ON inquiry_messages (inquiry_id, created_at);
