-- Word search on PostgreSQL: English full text (stemmed) over search_text, and
-- trigrams over it for typos ("fotographer" finds "photographer"). pg_trgm is a
-- trusted extension: any role that may create in the database may add it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE providers ADD COLUMN search_doc tsvector GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED;
CREATE INDEX providers_search_doc ON providers USING GIN (search_doc);
CREATE INDEX providers_search_trgm ON providers USING GIN (search_text gin_trgm_ops);
