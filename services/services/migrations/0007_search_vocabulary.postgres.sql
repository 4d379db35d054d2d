-- The words listings contain, for typo tolerance on PostgreSQL: a searched word that
-- matches no listing is replaced by its most similar known words (trigram index),
-- which are then searched as full text. The store adds a listing's words when it
-- writes the listing; words of listings gone since are harmless.
CREATE TABLE search_words (
    word TEXT PRIMARY KEY
);
INSERT INTO search_words (word)
SELECT DISTINCT w FROM providers, regexp_split_to_table(LOWER(search_text), '[^[:alnum:]]+') AS w
WHERE w <> '' AND LENGTH(w) <= 64
ON CONFLICT DO NOTHING;

-- GIN indexes without a pending list: listings are written seldom and searched
-- often, and entries waiting in the list are read by every search until a vacuum
-- merges them (and make the planner avoid the index), so each write updates the
-- index itself.
CREATE INDEX search_words_trgm ON search_words USING GIN (word gin_trgm_ops) WITH (fastupdate = off);
ALTER INDEX providers_search_doc SET (fastupdate = off);
SELECT gin_clean_pending_list('providers_search_doc'::regclass);

-- Typo tolerance no longer scans listings' whole text by trigrams.
DROP INDEX providers_search_trgm;
