-- QR pairing claims. The claim code (in the QR) and the poll token (kept by the desktop page)
-- are secrets: only their SHA-256 hashes are stored. A claim is decided once: the conditional
-- UPDATE on status = 'pending' is what makes approval single-use, on SQLite and PostgreSQL alike.

CREATE TABLE pairing_claims (
    id                 TEXT PRIMARY KEY,
    code_hash          TEXT NOT NULL UNIQUE,
    poll_hash          TEXT NOT NULL UNIQUE,
    machine_name       TEXT NOT NULL,
    platform           TEXT NOT NULL,
    requested_from     TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    expires_at         BIGINT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
    -- The account that approved or denied it; an approved claim signs the desktop in to it.
    account_id         TEXT REFERENCES accounts (id),
    decided_at         BIGINT,
    -- Set by the one status poll that received the desktop session; never set twice.
    session_issued_at  BIGINT
);
CREATE INDEX pairing_claims_created ON pairing_claims (created_at);
