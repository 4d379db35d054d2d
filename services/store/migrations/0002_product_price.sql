-- A product's lowest variant price, kept with the product whenever a variant is
-- added or repriced, so the public list sorts by price from an index instead of
-- working out every product's price per request. Stock changes leave it alone.
ALTER TABLE products ADD COLUMN min_price_cents BIGINT NOT NULL DEFAULT 0;
UPDATE products SET min_price_cents = COALESCE((SELECT MIN(price_cents) FROM variants WHERE variants.product_id = products.id), 0);
CREATE INDEX products_price ON products (status, min_price_cents);
CREATE INDEX products_name ON products (status, name);
