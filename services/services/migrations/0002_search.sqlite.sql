-- Word search on the embedded database: an FTS5 index over each listing's
-- search_text, with the Porter stemmer ("dancing" finds "dance"). The store writes
-- it with the listing, in the same transaction.
CREATE VIRTUAL TABLE provider_search USING fts5(provider_id UNINDEXED, body, tokenize = 'porter unicode61');
