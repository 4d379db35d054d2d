-- Whether an organizer's Connect account can take charges yet (Stripe's
-- charges_enabled and details_submitted): an account opened but not onboarded takes
-- no card sales. Kept from account.updated webhooks and the organizer's return from
-- onboarding.
ALTER TABLE organizers ADD COLUMN charges_enabled INTEGER NOT NULL DEFAULT 0;
