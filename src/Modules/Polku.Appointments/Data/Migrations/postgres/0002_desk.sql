-- The professional's appointment desk: invitations to self-book (booking right, desk task, secure message).
CREATE TABLE IF NOT EXISTS booking_invitations (
    right_id uuid NOT NULL PRIMARY KEY,
    task_id uuid NOT NULL,
    from_task_id uuid NOT NULL,
    case_id uuid NOT NULL,
    resident_id uuid NOT NULL,
    staff_id uuid NOT NULL,
    thread_id uuid NULL,
    created_utc timestamptz NOT NULL,
    task_completed_utc timestamptz NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_booking_invitations_task_id ON booking_invitations (task_id);
CREATE INDEX IF NOT EXISTS ix_booking_invitations_task_completed_utc ON booking_invitations (task_completed_utc);
