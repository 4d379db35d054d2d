-- The words listings contain, for typo tolerance on PostgreSQL: a searched word that
-- matches no listing is replaced by its most similar known words (trigram index),
-- which are then searched as full text. The store adds a listing's words when it
-- writes the listing; words of listings gone since are harmless.
CREATE TABLE search_words (
    word TEXT PRIMARY KEY
);
CREATE INDEX search_words_trgm ON search_words USING GIN (word gin_trgm_ops);
INSERT INTO search_words (word)
SELECT DISTINCT w FROM providers, regexp_split_to_table(LOWER(search_text), '[^[:alnum:]]+') AS w
WHERE w <> '' AND LENGTH(w) <= 64
ON CONFLICT DO NOTHING;
