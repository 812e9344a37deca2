-- Remote appointments: who admitted the resident into the video room, and the provider's room.
CREATE TABLE IF NOT EXISTS appointment_remote_visits (
    appointment_id TEXT NOT NULL PRIMARY KEY,
    admitted_by_id TEXT NOT NULL,
    admitted_utc TEXT NOT NULL,
    provider TEXT NOT NULL,
    provider_room_id TEXT NULL,
    room_created_utc TEXT NULL,
    room_closed_utc TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_appointment_remote_visits_provider_room_id ON appointment_remote_visits (provider_room_id);
CREATE INDEX IF NOT EXISTS ix_appointments_video_room_id ON appointments (video_room_id);
