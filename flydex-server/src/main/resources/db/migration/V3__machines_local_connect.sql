-- Machines and local-connect sessions. Portable like V1: text ids, epoch-millisecond BIGINTs.

-- One row per machine: an Ed25519 key bound to an account. While the machine lives, its key
-- registering again answers the same machine; a revoked machine stays revoked, and its key may be
-- registered afresh (a new machine, through a new local connect the browser finalizes).
CREATE TABLE machines (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts (id),
    public_key       TEXT NOT NULL,          -- base64 of the raw 32-byte key
    key_fingerprint  TEXT NOT NULL,
    name             TEXT NOT NULL,
    platform         TEXT NOT NULL,
    helper_version   TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    last_seen_at     BIGINT,
    codex_status     TEXT,
    -- Set while a first-time machine waits for its local connect to be finalized: invisible and
    -- refused from pending_until on, deleted when that session fails.
    pending_session  TEXT,
    pending_until    BIGINT,
    revoked_at       BIGINT
);
CREATE INDEX machines_account ON machines (account_id);
CREATE UNIQUE INDEX machines_live_key ON machines (public_key) WHERE revoked_at IS NULL;

-- A desktop browser's handoff of a one-time connect token to its local helper. No foreign key to
-- machines: the session keeps its history even when the machine it registered is dropped.
CREATE TABLE local_connect_sessions (
    id                       TEXT PRIMARY KEY,
    account_id               TEXT NOT NULL REFERENCES accounts (id),
    token_hash               TEXT NOT NULL UNIQUE,
    created_at               BIGINT NOT NULL,
    expires_at               BIGINT NOT NULL,
    status                   TEXT NOT NULL,
    machine_id               TEXT,
    machine_key_fingerprint  TEXT,     -- both set once, by the token's one register
    finalized_at             BIGINT
);
CREATE INDEX local_connect_sessions_account ON local_connect_sessions (account_id);

-- Every status a session went through, in order. detail is the helper's short, sanitized reason.
CREATE TABLE local_connect_history (
    session_id  TEXT NOT NULL REFERENCES local_connect_sessions (id),
    seq         INTEGER NOT NULL,
    status      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    detail      TEXT,
    PRIMARY KEY (session_id, seq)
);
