CREATE TABLE IF NOT EXISTS sessions (
    id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    last_seen_utc TEXT NOT NULL,
    expires_utc TEXT NOT NULL,
    id_token_protected TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_sessions_person_id ON sessions (person_id);
CREATE INDEX IF NOT EXISTS ix_sessions_expires_utc ON sessions (expires_utc);
-- Server-side sessions replace the security stamp: signing out everywhere deletes the person's sessions.
ALTER TABLE people DROP COLUMN security_stamp;
ALTER TABLE staff DROP COLUMN security_stamp;
