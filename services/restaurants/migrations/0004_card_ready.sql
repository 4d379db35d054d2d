-- Whether the restaurant's Stripe account can take charges, as Stripe last said (the
-- owner's payments page and a card order ask while it cannot). A card order is
-- refused up front while it cannot, and the restaurant's JSON says so.
ALTER TABLE restaurants ADD COLUMN card_ready BOOLEAN NOT NULL DEFAULT FALSE;
