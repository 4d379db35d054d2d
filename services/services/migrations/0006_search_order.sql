-- Search reads premium matches on their own (few) and walks the rest in the
-- directory's order from an index, stopping at the page: one order index for all
-- listings, one per category, and premium_until for the premium part.
CREATE INDEX providers_rank ON providers (status, rank_score DESC, review_count DESC, created_at DESC, id);
CREATE INDEX providers_category_rank ON providers (status, category, rank_score DESC, review_count DESC, created_at DESC, id);
CREATE INDEX providers_premium ON providers (status, premium_until);

-- city_key is the base city in lower case, written with the listing, so a search by
-- city compares plain values; the served index holds everything a search by place
-- reads, so counting a broad place search reads the index alone (on SQLite, where
-- reading a row costs more than its test).
ALTER TABLE providers ADD COLUMN city_key TEXT NOT NULL DEFAULT '';
UPDATE providers SET city_key = LOWER(city);
CREATE INDEX providers_served ON providers (status, city_key, area_kind, lat, lon, radius_miles, id);
-- Likewise for a category's searches: every column their filters read.
CREATE INDEX providers_category_filters ON providers (status, category, price_level, verified, review_count, rating_sum,
    city_key, area_kind, lat, lon, radius_miles, id);
