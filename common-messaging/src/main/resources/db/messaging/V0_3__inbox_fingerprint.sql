-- What each applied message said: SHA-256 of its canonical encoding (MessageCodec's, of the decoded message). A
-- message arriving again under an id already applied is a duplicate only when it says the same; under the same id
-- with other content it is another message whose producer reused the id, and is dead-lettered, not dropped.
-- Nullable, with no default: adding it rewrites nothing, and rows written before it are taken as the same content.
ALTER TABLE inbox_message ADD COLUMN fingerprint bytea;
