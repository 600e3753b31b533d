-- The terminal registry: who may buy as pos_id. No secret is stored in clear: the HTTP secret as its SHA-256 (it is
-- 256 random bits), the signing key sealed with AES-256-GCM under the master key (TERMINALS_MASTER_KEY), as
-- nonce || ciphertext || tag with "pos_id\nkey_version" as associated data.
CREATE TABLE terminal (
    pos_id             text        PRIMARY KEY,
    status             text        NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    api_secret_hash    bytea       NOT NULL CHECK (length(api_secret_hash) = 32),
    signing_key_sealed bytea       NOT NULL CHECK (length(signing_key_sealed) = 12 + 32 + 16),
    -- 1 at registration, one more at each rotation; a signature names the version of its key.
    key_version        int         NOT NULL CHECK (key_version > 0),
    version            bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
