-- The kitchen's side of an order: how long the kitchen usually takes (the customer's
-- "ASAP"), a switch to stop taking online orders for a while, and on each order the
-- customer's phone, the ready time quoted on confirming and why it was cancelled.
ALTER TABLE restaurants ADD COLUMN prep_minutes INTEGER NOT NULL DEFAULT 20;
ALTER TABLE restaurants ADD COLUMN ordering_paused BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE orders ADD COLUMN customer_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ready_at TIMESTAMPTZ;
ALTER TABLE orders ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
