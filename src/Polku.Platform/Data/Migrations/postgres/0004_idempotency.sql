-- One idempotency helper for every module (issue 10): a client's key scoped to the caller, the request it was
-- used for (hash) and the resource it created. The primary key decides a race between two requests with one key.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope varchar(160) PRIMARY KEY,
    request_hash varchar(64) NOT NULL,
    resource_id varchar(64) NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_idempotency_keys_created_utc ON idempotency_keys (created_utc);
