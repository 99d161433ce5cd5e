-- Portable across SQLite and PostgreSQL: text ids minted by the server, times as epoch
-- milliseconds (BIGINT), no vendor-specific types or defaults.

CREATE TABLE accounts (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    trial_ends_at  BIGINT NOT NULL
);

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Every refresh token a session ever had. A rotated one presented again means it was stolen:
-- the whole session is revoked.
CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    created_at  BIGINT NOT NULL,
    rotated_at  BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Security events: ids and times only, never tokens, passwords, emails or content.
CREATE TABLE audit_events (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    account_id  TEXT,
    session_id  TEXT,
    machine_id  TEXT,
    subject_id  TEXT
);
CREATE INDEX audit_events_at ON audit_events (at);
