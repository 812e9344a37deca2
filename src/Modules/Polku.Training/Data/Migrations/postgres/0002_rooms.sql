-- The training coordinator's rooms register (issue 16, part 6): rooms a group's place is chosen from. A group keeps
-- its place as text (the room's name and address when chosen), so nothing else depends on this table.

CREATE TABLE IF NOT EXISTS training_rooms (
    id uuid PRIMARY KEY,
    name varchar(100) NOT NULL,
    address varchar(98) NOT NULL,
    capacity integer NULL,
    active boolean NOT NULL,
    created_utc timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_training_rooms_name ON training_rooms (name);
