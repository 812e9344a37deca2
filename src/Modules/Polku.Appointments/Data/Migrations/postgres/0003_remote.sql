-- Remote appointments: who admitted the resident into the video room, and the provider's room.
CREATE TABLE IF NOT EXISTS appointment_remote_visits (
    appointment_id uuid NOT NULL PRIMARY KEY,
    admitted_by_id uuid NOT NULL,
    admitted_utc timestamptz NOT NULL,
    provider varchar(20) NOT NULL,
    provider_room_id varchar(100) NULL,
    room_created_utc timestamptz NULL,
    room_closed_utc timestamptz NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_remote_visits_provider_room_id ON appointment_remote_visits (provider_room_id);
CREATE INDEX IF NOT EXISTS ix_appointments_video_room_id ON appointments (video_room_id);
