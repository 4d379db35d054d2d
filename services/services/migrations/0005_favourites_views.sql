-- A customer's saved providers.
CREATE TABLE favourites (
    customer_id TEXT NOT NULL,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, provider_id)
);
CREATE INDEX favourites_provider ON favourites (provider_id);

-- How many times a listing's page was opened, by Chicago day (YYYY-MM-DD), for its
-- provider's dashboard; its owner's and admins' own visits are not counted.
CREATE TABLE provider_views (
    provider_id TEXT NOT NULL REFERENCES providers (id),
    day         TEXT NOT NULL,
    views       INTEGER NOT NULL,
    PRIMARY KEY (provider_id, day)
);
