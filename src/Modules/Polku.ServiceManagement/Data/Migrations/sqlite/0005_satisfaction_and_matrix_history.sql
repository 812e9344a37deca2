-- Issue 15, continued: customer satisfaction as a real source for the monthly report, the priority matrix's edits with
-- who, when and why, and a service's satisfaction target (the sanction table may name it).
-- (0004 is the ticket attachments' and e-mail's migration, built in parallel.)

-- The reporter's rating (1-5) of how a resolved ticket was handled: one per ticket, changed in place while the ticket
-- is resolved (closing it ends the changes).
CREATE TABLE IF NOT EXISTS sm_ticket_ratings (
    ticket_id TEXT PRIMARY KEY REFERENCES sm_tickets (id) ON DELETE CASCADE,
    rating INTEGER NOT NULL,
    comment TEXT NULL,
    rated_by TEXT NOT NULL,
    rated_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL,
    CONSTRAINT ck_sm_ticket_ratings_rating CHECK (rating >= 1 AND rating <= 5)
);

-- One row per changed cell of sm_priority_matrix: the table's history (append-only by use; nothing updates it).
CREATE TABLE IF NOT EXISTS sm_priority_matrix_changes (
    id TEXT PRIMARY KEY,
    impact TEXT NOT NULL,
    urgency TEXT NOT NULL,
    old_priority TEXT NOT NULL,
    new_priority TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by TEXT NULL,
    changed_by_name TEXT NOT NULL,
    changed_utc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_sm_priority_matrix_changes_changed_utc ON sm_priority_matrix_changes (changed_utc);

-- The lowest acceptable mean rating (1-5) of a month; null when the contract sets none. (SQLite has no ADD COLUMN IF
-- NOT EXISTS; the migrator runs this file once.)
ALTER TABLE sm_services ADD COLUMN satisfaction_target REAL NULL;
