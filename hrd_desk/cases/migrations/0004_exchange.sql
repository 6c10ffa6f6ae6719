-- Vault-to-vault exchange (issue 9; code in hrd_desk/exchange/): this vault's key pair, its
-- contacts, and what was exchanged with whom. Everything here is inside SQLCipher like the rest.

-- This vault's exchange identity: private keys, made on first use. One row.
CREATE TABLE exchange_identity (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    age_secret     TEXT NOT NULL,   -- "AGE-SECRET-KEY-1…" (X25519, receives bundles)
    ed25519_secret TEXT NOT NULL,   -- base64 of the raw 32-byte Ed25519 private key (signs)
    label          TEXT NOT NULL,   -- the name on this vault's contact card
    created_at     TEXT NOT NULL
);

-- Other vaults and headquarters: public keys only. Verified = fingerprint compared by a person.
CREATE TABLE exchange_contacts (
    id             TEXT PRIMARY KEY,
    label          TEXT NOT NULL,
    fingerprint    TEXT NOT NULL UNIQUE,
    age_recipient  TEXT NOT NULL,
    ed25519_public TEXT NOT NULL,   -- base64, 32 bytes
    added_at       TEXT NOT NULL,
    verified_at    TEXT
);

-- Per contact and record: the content hash last sent to it, last received from it, the newer
-- of the two (their_hash: the version that contact was last given or had), and whether it
-- surely holds the record (it sent us the record, or a record linking to it).
CREATE TABLE exchange_log (
    contact_id    TEXT NOT NULL REFERENCES exchange_contacts(id),
    record_id     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    sent_hash     TEXT,
    sent_at       TEXT,
    received_hash TEXT,
    received_at   TEXT,
    their_hash    TEXT,
    holds         INTEGER NOT NULL DEFAULT 0 CHECK (holds IN (0, 1)),
    PRIMARY KEY (contact_id, record_id)
) WITHOUT ROWID;

-- Per record: every content hash this vault's current version is known to supersede or equal
-- (versions it sent, received, or saw and overruled). Conflict detection reads it.
CREATE TABLE exchange_versions (
    record_id TEXT NOT NULL,
    hash      TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (record_id, hash)
) WITHOUT ROWID;

-- Bundles made here ('out') and imported here ('in'): a bundle id is imported once.
CREATE TABLE exchange_bundles (
    bundle_id    TEXT PRIMARY KEY,
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    sender       TEXT NOT NULL,     -- fingerprint
    created_at   TEXT NOT NULL,     -- as signed by the sender
    processed_at TEXT NOT NULL,
    counts       TEXT NOT NULL CHECK (json_valid(counts))
) WITHOUT ROWID;
