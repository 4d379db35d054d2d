-- Feeds answer "has anything public changed" (ETag, Last-Modified) from the newest
-- change of a public article: an index walks to it instead of sorting them all.
CREATE INDEX articles_changed ON articles (status, updated_at);
