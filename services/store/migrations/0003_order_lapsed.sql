-- Whether an unpaid card order was closed because its hold ran out (or Stripe said its
-- checkout expired or failed), as opposed to cancelled by a person: only a lapsed
-- order is taken back when its payment arrives late; a cancelled one is refunded.
ALTER TABLE orders ADD COLUMN lapsed BOOLEAN NOT NULL DEFAULT FALSE;
