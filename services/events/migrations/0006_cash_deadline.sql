-- The organizer's cash deadline: cash-at-the-door reservations are held until it
-- (say, when the doors open), or until the event ends when it is not set.
ALTER TABLE events ADD COLUMN cash_deadline TIMESTAMPTZ;
