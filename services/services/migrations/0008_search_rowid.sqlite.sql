-- The FTS5 index is keyed by an integer of each listing's own (search_rowid, set when
-- the listing is written and never renumbered, unlike a table's implicit rowid under
-- VACUUM), so a word search reads matches as integers straight from the index and
-- joins them to listings through providers_search_rowid, which also holds the status:
-- a plain word search's count never opens a listing's row.
ALTER TABLE providers ADD COLUMN search_rowid INTEGER;
UPDATE providers SET search_rowid = rowid;
CREATE INDEX providers_search_rowid ON providers (search_rowid, status);
DELETE FROM provider_search;
INSERT INTO provider_search (rowid, provider_id, body) SELECT search_rowid, id, search_text FROM providers;
