-- The built-in test identity provider keeps its authorization codes and signing key in the database, so that several
-- application nodes sharing one database behave as one provider.
CREATE TABLE IF NOT EXISTS test_idp_codes (
    id TEXT NOT NULL PRIMARY KEY,
    payload TEXT NOT NULL,
    expires_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_test_idp_codes_expires_utc ON test_idp_codes (expires_utc);
CREATE TABLE IF NOT EXISTS test_idp_keys (
    id TEXT NOT NULL PRIMARY KEY,
    key_id TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
