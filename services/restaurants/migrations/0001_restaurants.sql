-- Restaurants, their hours, photos and staff.
CREATE TABLE restaurants (
    id                TEXT PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    owner_id          TEXT NOT NULL,
    owner_email       TEXT NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    cuisine           TEXT NOT NULL,
    address           TEXT NOT NULL,
    phone             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    tax_bp            BIGINT NOT NULL DEFAULT 1025,
    stripe_account_id TEXT NOT NULL DEFAULT '',
    -- Name, cuisine, description and address folded for search (lower case, no accents).
    search_text       TEXT NOT NULL DEFAULT '',
    -- The last order number handed out; taken with UPDATE … RETURNING so two orders
    -- never share one.
    order_seq         BIGINT NOT NULL DEFAULT 1000,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX restaurants_status ON restaurants (status, created_at);
CREATE INDEX restaurants_owner ON restaurants (owner_id);

CREATE TABLE restaurant_hours (
    restaurant_id TEXT NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    day           INTEGER NOT NULL,
    open_min      INTEGER NOT NULL,
    close_min     INTEGER NOT NULL,
    PRIMARY KEY (restaurant_id, day, open_min)
);

CREATE TABLE restaurant_photos (
    id            TEXT PRIMARY KEY,
    restaurant_id TEXT NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    image_key     TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX restaurant_photos_restaurant ON restaurant_photos (restaurant_id, position);

-- Managers and staff, granted by the owner by e-mail (stored lower-case).
CREATE TABLE restaurant_members (
    id            TEXT PRIMARY KEY,
    restaurant_id TEXT NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (restaurant_id, email)
);
CREATE INDEX restaurant_members_email ON restaurant_members (email);

CREATE TABLE menu_categories (
    id            TEXT PRIMARY KEY,
    restaurant_id TEXT NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (restaurant_id, name)
);

CREATE TABLE menu_items (
    id            TEXT PRIMARY KEY,
    restaurant_id TEXT NOT NULL REFERENCES restaurants (id) ON DELETE CASCADE,
    category_id   TEXT NOT NULL REFERENCES menu_categories (id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    price_cents   BIGINT NOT NULL CHECK (price_cents > 0),
    dietary       TEXT NOT NULL DEFAULT '',
    available     BOOLEAN NOT NULL DEFAULT TRUE,
    image_key     TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX menu_items_restaurant ON menu_items (restaurant_id, category_id, position);

CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    restaurant_id       TEXT NOT NULL REFERENCES restaurants (id),
    order_number        TEXT NOT NULL,
    customer_id         TEXT NOT NULL,
    customer_email      TEXT NOT NULL DEFAULT '',
    customer_name       TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    payment_method      TEXT NOT NULL,
    payment_status      TEXT NOT NULL,
    subtotal_cents      BIGINT NOT NULL,
    tax_cents           BIGINT NOT NULL,
    total_cents         BIGINT NOT NULL,
    platform_fee_cents  BIGINT NOT NULL DEFAULT 0,
    currency            TEXT NOT NULL,
    pickup_time         TIMESTAMPTZ NOT NULL,
    checkout_session_id TEXT NOT NULL DEFAULT '',
    checkout_url        TEXT NOT NULL DEFAULT '',
    payment_intent_id   TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (restaurant_id, order_number)
);
CREATE INDEX orders_customer ON orders (customer_id, created_at);
CREATE INDEX orders_restaurant ON orders (restaurant_id, status, created_at);
CREATE INDEX orders_checkout ON orders (checkout_session_id);
CREATE INDEX orders_payment_intent ON orders (payment_intent_id);

CREATE TABLE order_items (
    order_id     TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL,
    menu_item_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit_cents   BIGINT NOT NULL,
    quantity     BIGINT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (order_id, line_no)
);
