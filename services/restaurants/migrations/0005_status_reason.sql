-- Why an admin rejected or suspended a restaurant, in the admin's words, shown to its
-- owner on their dashboard; cleared when it is approved or reinstated. The decision
-- itself, with who made it and when, is in the kit's audit trail (kit_audit).
ALTER TABLE restaurants ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
