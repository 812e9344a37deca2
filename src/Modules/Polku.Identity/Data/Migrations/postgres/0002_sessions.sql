CREATE TABLE IF NOT EXISTS sessions (
    id varchar(64) PRIMARY KEY,
    person_id uuid NOT NULL,
    kind varchar(10) NOT NULL,
    created_utc timestamptz NOT NULL,
    last_seen_utc timestamptz NOT NULL,
    expires_utc timestamptz NOT NULL,
    id_token_protected text NULL
);
CREATE INDEX IF NOT EXISTS ix_sessions_person_id ON sessions (person_id);
CREATE INDEX IF NOT EXISTS ix_sessions_expires_utc ON sessions (expires_utc);
-- Server-side sessions replace the security stamp: signing out everywhere deletes the person's sessions.
ALTER TABLE people DROP COLUMN IF EXISTS security_stamp;
ALTER TABLE staff DROP COLUMN IF EXISTS security_stamp;
