-- Staff administration (issue 16): professionals are created, changed, deactivated and imported by coordinators.
-- directory_id: the person's id in the county's HR system or directory (import key beside the login, sign-in match).
-- active: a deactivated professional cannot sign in. admin_county: a coordinator of the whole county; a coordinator
-- without it administers only the units listed in identity_admin_scopes. version: optimistic concurrency of edits.
ALTER TABLE identity_staff ADD COLUMN directory_id TEXT NULL;
ALTER TABLE identity_staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE identity_staff ADD COLUMN admin_county INTEGER NOT NULL DEFAULT 0;
ALTER TABLE identity_staff ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX ux_identity_staff_directory_id ON identity_staff (directory_id);

-- The coordinators so far administered the whole county; they keep doing so.
UPDATE identity_staff SET admin_county = 1 WHERE id IN (SELECT staff_id FROM identity_staff_roles WHERE role = 'coordinator');

CREATE TABLE identity_admin_scopes (
    staff_id TEXT NOT NULL REFERENCES identity_staff (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL,
    PRIMARY KEY (staff_id, unit_id)
);
CREATE INDEX ix_identity_admin_scopes_unit_id ON identity_admin_scopes (unit_id);

CREATE TABLE identity_staff_changes (
    id TEXT NOT NULL PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES identity_staff (id) ON DELETE CASCADE,
    at_utc TEXT NOT NULL,
    by_staff_id TEXT NULL,
    by_name TEXT NOT NULL,
    action TEXT NOT NULL,
    source TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX ix_identity_staff_changes_staff_id_at_utc ON identity_staff_changes (staff_id, at_utc);
