-- The terminals that may read wallets, as order-service's registry announces them (topic <ns>.terminal.events):
-- the SHA-256 of each one's current HTTP secret, never the secret. A higher key_version replaces a lower one; a
-- revoked terminal stays revoked.
CREATE TABLE terminal (
    pos_id          text        PRIMARY KEY,
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    api_secret_hash bytea       CHECK (api_secret_hash IS NULL OR length(api_secret_hash) = 32),
    key_version     int         NOT NULL CHECK (key_version > 0),
    updated_at      timestamptz NOT NULL,
    CHECK (status = 'REVOKED' OR api_secret_hash IS NOT NULL)
);
