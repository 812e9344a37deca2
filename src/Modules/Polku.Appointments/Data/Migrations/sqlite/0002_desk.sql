-- The professional's appointment desk: invitations to self-book (booking right, desk task, secure message).
CREATE TABLE IF NOT EXISTS booking_invitations (
    right_id TEXT NOT NULL PRIMARY KEY,
    task_id TEXT NOT NULL,
    from_task_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    resident_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    thread_id TEXT NULL,
    created_utc TEXT NOT NULL,
    task_completed_utc TEXT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_booking_invitations_task_id ON booking_invitations (task_id);
CREATE INDEX IF NOT EXISTS ix_booking_invitations_task_completed_utc ON booking_invitations (task_completed_utc);
