-- Billing state as Stripe reported it. Portable like V1: text ids, epoch-millisecond BIGINTs.
-- No card data ever reaches FlyDex: Checkout and the customer portal are Stripe's own pages.

-- One row per account that has touched billing. Without a row the account only has its trial.
CREATE TABLE billing_accounts (
    account_id       TEXT PRIMARY KEY REFERENCES accounts (id),
    -- The Stripe customer, created once and reused for every checkout and the portal.
    customer_id      TEXT UNIQUE,
    subscription_id  TEXT,
    -- Stripe's subscription status as last reported (active, past_due, canceled, ...).
    status           TEXT,
    -- End of the period paid for, when Stripe reported one.
    period_end       BIGINT,
    -- When payment first failed (Stripe's event time); the past_due grace period runs from it.
    past_due_since   BIGINT,
    -- Orders status reports: Stripe's event time and the status's lifecycle rank. A report older
    -- than the one applied is ignored, so events may arrive in any order.
    status_version   BIGINT
);

-- Every webhook event id processed, so Stripe's retries and duplicates change nothing.
CREATE TABLE billing_events (
    event_id     TEXT PRIMARY KEY,
    type         TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);
