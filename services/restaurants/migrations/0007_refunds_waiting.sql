-- The admins' queue finds the card refunds still pending long after they were asked
-- of Stripe: by payment status, the longest-asked last.
CREATE INDEX orders_payment_status ON orders (payment_status, updated_at);
