-- The built-in test identity provider keeps its authorization codes and signing key in the database, so that several
-- application nodes sharing one database behave as one provider.
CREATE TABLE IF NOT EXISTS test_idp_codes (
    id varchar(64) PRIMARY KEY,
    payload text NOT NULL,
    expires_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_test_idp_codes_expires_utc ON test_idp_codes (expires_utc);
CREATE TABLE IF NOT EXISTS test_idp_keys (
    id varchar(20) PRIMARY KEY,
    key_id varchar(64) NOT NULL,
    private_key text NOT NULL,
    created_utc timestamptz NOT NULL
);
