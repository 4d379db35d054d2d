-- Who admitted a ticket at the door (their name as the scanner showed it), so a
-- second scan says "already scanned at 9:42 PM by Tasha".
ALTER TABLE tickets ADD COLUMN scanned_by TEXT NOT NULL DEFAULT '';
