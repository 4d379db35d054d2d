-- A reported review is hidden until an admin keeps or removes it. standing is
-- SHOWN, REPORTED, KEPT (an admin looked and kept it: no longer reportable) or
-- REMOVED; the report's author, reason and time stay with the review.
ALTER TABLE reviews ADD COLUMN standing TEXT NOT NULL DEFAULT 'SHOWN';
ALTER TABLE reviews ADD COLUMN reported_by TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN report_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN reported_at TIMESTAMPTZ;
CREATE INDEX reviews_standing ON reviews (standing, reported_at);
