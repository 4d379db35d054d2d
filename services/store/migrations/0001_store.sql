-- Vendors selling in the store. status: PENDING, APPROVED, REJECTED, SUSPENDED; only
-- APPROVED vendors' products are listed and sold. pickup_points is a JSON array of
-- the places and times the vendor hands orders over.
CREATE TABLE vendors (
    id                       TEXT PRIMARY KEY,
    slug                     TEXT NOT NULL UNIQUE,
    owner_id                 TEXT NOT NULL,
    owner_email              TEXT NOT NULL DEFAULT '',
    name                     TEXT NOT NULL,
    description              TEXT NOT NULL DEFAULT '',
    contact_email            TEXT NOT NULL DEFAULT '',
    contact_phone            TEXT NOT NULL DEFAULT '',
    logo_key                 TEXT NOT NULL DEFAULT '',
    shipping_rate_cents      BIGINT NOT NULL DEFAULT 0,
    free_shipping_over_cents BIGINT NOT NULL DEFAULT 0,
    tax_bp                   BIGINT NOT NULL DEFAULT 0,
    pickup_enabled           BOOLEAN NOT NULL DEFAULT FALSE,
    pickup_points            TEXT NOT NULL DEFAULT '[]',
    status                   TEXT NOT NULL,
    status_reason            TEXT NOT NULL DEFAULT '',
    reviewed_by              TEXT NOT NULL DEFAULT '',
    reviewed_at              TIMESTAMPTZ,
    stripe_account_id        TEXT NOT NULL DEFAULT '',
    card_ready               BOOLEAN NOT NULL DEFAULT FALSE,
    search_text              TEXT NOT NULL DEFAULT '',
    created_at               TIMESTAMPTZ NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL
);
CREATE INDEX vendors_status ON vendors (status, created_at);
CREATE INDEX vendors_owner ON vendors (owner_id);
CREATE INDEX vendors_stripe ON vendors (stripe_account_id);

-- Every moderation decision on a vendor, with who made it: the admin's audit trail.
CREATE TABLE vendor_reviews (
    id          TEXT PRIMARY KEY,
    vendor_id   TEXT NOT NULL REFERENCES vendors (id),
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    actor_id    TEXT NOT NULL,
    actor_email TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX vendor_reviews_vendor ON vendor_reviews (vendor_id, created_at);

-- A vendor's team: managers and staff, named by e-mail by the owner. Rights by
-- e-mail count only for a user who proved the address.
CREATE TABLE vendor_members (
    id         TEXT PRIMARY KEY,
    vendor_id  TEXT NOT NULL REFERENCES vendors (id),
    email      TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, email)
);
CREATE INDEX vendor_members_email ON vendor_members (email);

-- Products. status: ACTIVE, DRAFT, ARCHIVED. options is a JSON array of
-- {name, values}; search_text is the folded words search matches.
CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    vendor_id   TEXT NOT NULL REFERENCES vendors (id),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category    TEXT NOT NULL,
    status      TEXT NOT NULL,
    options     TEXT NOT NULL DEFAULT '[]',
    search_text TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX products_public ON products (status, created_at);
CREATE INDEX products_vendor ON products (vendor_id, status, created_at);
CREATE INDEX products_category ON products (category, status, created_at);

-- Variants: what is bought. stock is what is left to sell; every checkout takes
-- from it with a conditional UPDATE (stock >= quantity), so it never goes below
-- zero, which the CHECK repeats. sku_key is the SKU in capitals: unique per vendor.
CREATE TABLE variants (
    id                  TEXT PRIMARY KEY,
    product_id          TEXT NOT NULL REFERENCES products (id),
    vendor_id           TEXT NOT NULL REFERENCES vendors (id),
    sku                 TEXT NOT NULL,
    sku_key             TEXT NOT NULL,
    options             TEXT NOT NULL DEFAULT '{}',
    price_cents         BIGINT NOT NULL,
    stock               INTEGER NOT NULL,
    low_stock_threshold INTEGER NOT NULL DEFAULT 0,
    image_key           TEXT NOT NULL DEFAULT '',
    position            INTEGER NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, sku_key),
    CHECK (stock >= 0),
    CHECK (price_cents > 0)
);
CREATE INDEX variants_product ON variants (product_id, position);

-- Product photos in the store's bucket, in the order shown.
CREATE TABLE product_images (
    id         TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id),
    image_key  TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX product_images_product ON product_images (product_id, position);

-- Discount codes of one vendor. used_count is taken like stock, conditionally, and
-- never passes usage_limit (0: unlimited).
CREATE TABLE discount_codes (
    id                 TEXT PRIMARY KEY,
    vendor_id          TEXT NOT NULL REFERENCES vendors (id),
    code               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    amount             BIGINT NOT NULL,
    min_subtotal_cents BIGINT NOT NULL DEFAULT 0,
    max_discount_cents BIGINT NOT NULL DEFAULT 0,
    usage_limit        INTEGER NOT NULL DEFAULT 0,
    per_customer_limit INTEGER NOT NULL DEFAULT 0,
    used_count         INTEGER NOT NULL DEFAULT 0,
    starts_at          TIMESTAMPTZ,
    ends_at            TIMESTAMPTZ,
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    created_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (vendor_id, code),
    CHECK (used_count >= 0 AND (usage_limit = 0 OR used_count <= usage_limit))
);

-- Orders: one buyer's purchase from one vendor in one checkout (checkout_id groups
-- a checkout's orders). method: card, pay_at_pickup; fulfillment: ship, pickup.
-- hold_expires_at is set while an open card checkout keeps its units.
CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    checkout_id         TEXT NOT NULL,
    vendor_id           TEXT NOT NULL REFERENCES vendors (id),
    customer_id         TEXT NOT NULL,
    customer_name       TEXT NOT NULL,
    customer_email      TEXT NOT NULL,
    method              TEXT NOT NULL,
    fulfillment         TEXT NOT NULL,
    fulfillment_status  TEXT NOT NULL,
    payment_status      TEXT NOT NULL,
    shipping_address    TEXT NOT NULL DEFAULT '',
    pickup_point        TEXT NOT NULL DEFAULT '',
    pickup_code         TEXT NOT NULL DEFAULT '',
    carrier             TEXT NOT NULL DEFAULT '',
    tracking_number     TEXT NOT NULL DEFAULT '',
    subtotal_cents      BIGINT NOT NULL,
    discount_cents      BIGINT NOT NULL DEFAULT 0,
    shipping_cents      BIGINT NOT NULL DEFAULT 0,
    tax_cents           BIGINT NOT NULL DEFAULT 0,
    total_cents         BIGINT NOT NULL,
    fee_cents           BIGINT NOT NULL DEFAULT 0,
    refunded_cents      BIGINT NOT NULL DEFAULT 0,
    currency            TEXT NOT NULL,
    discount_id         TEXT,
    discount_code       TEXT NOT NULL DEFAULT '',
    hold_expires_at     TIMESTAMPTZ,
    checkout_session_id TEXT NOT NULL DEFAULT '',
    checkout_url        TEXT NOT NULL DEFAULT '',
    payment_intent_id   TEXT NOT NULL DEFAULT '',
    restocked           BOOLEAN NOT NULL DEFAULT FALSE,
    cancel_reason       TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    paid_at             TIMESTAMPTZ,
    shipped_at          TIMESTAMPTZ,
    delivered_at        TIMESTAMPTZ,
    ready_at            TIMESTAMPTZ,
    picked_up_at        TIMESTAMPTZ,
    cancelled_at        TIMESTAMPTZ,
    CHECK (refunded_cents >= 0 AND refunded_cents <= total_cents)
);
CREATE INDEX orders_vendor ON orders (vendor_id, created_at);
CREATE INDEX orders_customer ON orders (customer_id, created_at);
CREATE INDEX orders_unpaid ON orders (customer_id, vendor_id, payment_status);
CREATE INDEX orders_holds ON orders (payment_status, hold_expires_at);
CREATE INDEX orders_checkout ON orders (checkout_id);
CREATE INDEX orders_pickup_code ON orders (vendor_id, pickup_code);

-- The lines of an order, priced and named as they were when it was placed.
CREATE TABLE order_lines (
    id            TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL REFERENCES orders (id),
    variant_id    TEXT NOT NULL REFERENCES variants (id),
    product_id    TEXT NOT NULL,
    product_name  TEXT NOT NULL,
    product_slug  TEXT NOT NULL DEFAULT '',
    variant_label TEXT NOT NULL DEFAULT '',
    sku           TEXT NOT NULL,
    image_key     TEXT NOT NULL DEFAULT '',
    unit_cents    BIGINT NOT NULL,
    quantity      INTEGER NOT NULL,
    CHECK (quantity > 0)
);
CREATE INDEX order_lines_order ON order_lines (order_id);

-- Which order used which code, for the per-customer limit; released with the order.
CREATE TABLE discount_redemptions (
    order_id    TEXT PRIMARY KEY REFERENCES orders (id),
    discount_id TEXT NOT NULL REFERENCES discount_codes (id),
    customer_id TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX discount_redemptions_customer ON discount_redemptions (discount_id, customer_id);
