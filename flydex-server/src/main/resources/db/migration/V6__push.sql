-- Web Push (RFC 8030/8291/8292). Portable like V1: text ids, epoch-millisecond BIGINTs, flags as
-- INTEGER 0/1 (SQLite has no BOOLEAN).

-- The deployment's VAPID key pair: one row, created by the first node that starts, so every node
-- of a cluster signs with the same key. `flydex-server push rotate-vapid` replaces it.
CREATE TABLE push_vapid_keys (
    -- Always 'current': the primary key makes a race between starting nodes insert one row only.
    slot         TEXT PRIMARY KEY,
    -- The uncompressed P-256 point, base64url: what browsers pass to pushManager.subscribe.
    public_key   TEXT NOT NULL,
    -- PKCS#8 DER, base64url. Whoever reads it can sign as this deployment (see docs/security.md).
    private_key  TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);

-- A browser's push subscription. It belongs to the session that made it and is deleted with it;
-- the endpoint (a capability URL) and keys are never shown back, not even to their owner.
CREATE TABLE push_subscriptions (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts (id),
    session_id       TEXT NOT NULL REFERENCES sessions (id),
    endpoint         TEXT NOT NULL UNIQUE,
    p256dh           TEXT NOT NULL,
    auth             TEXT NOT NULL,
    -- The VAPID public key the browser subscribed with; a subscription made with another key
    -- than the current one cannot be pushed to (the push service would refuse the signature).
    vapid_key        TEXT NOT NULL,
    approvals        INTEGER NOT NULL,
    turn_ended       INTEGER NOT NULL,
    machine_offline  INTEGER NOT NULL,
    hide_details     INTEGER NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id);
CREATE INDEX push_subscriptions_session ON push_subscriptions (session_id);
