-- Staff administration (issue 16): professionals are created, changed, deactivated and imported by coordinators.
-- directory_id: the person's id in the county's HR system or directory (import key beside the login, sign-in match).
-- active: a deactivated professional cannot sign in. admin_county: a coordinator of the whole county; a coordinator
-- without it administers only the units listed in identity_admin_scopes. version: optimistic concurrency of edits.
ALTER TABLE identity_staff ADD COLUMN directory_id varchar(200) NULL;
ALTER TABLE identity_staff ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE identity_staff ADD COLUMN admin_county boolean NOT NULL DEFAULT false;
ALTER TABLE identity_staff ADD COLUMN version integer NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX ux_identity_staff_directory_id ON identity_staff (directory_id);

-- The coordinators so far administered the whole county; they keep doing so.
UPDATE identity_staff SET admin_county = true WHERE id IN (SELECT staff_id FROM identity_staff_roles WHERE role = 'coordinator');

CREATE TABLE identity_admin_scopes (
    staff_id uuid NOT NULL REFERENCES identity_staff (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL,
    PRIMARY KEY (staff_id, unit_id)
);
CREATE INDEX ix_identity_admin_scopes_unit_id ON identity_admin_scopes (unit_id);

CREATE TABLE identity_staff_changes (
    id uuid PRIMARY KEY,
    staff_id uuid NOT NULL REFERENCES identity_staff (id) ON DELETE CASCADE,
    at_utc timestamptz NOT NULL,
    by_staff_id uuid NULL,
    by_name varchar(200) NOT NULL,
    action varchar(20) NOT NULL,
    source varchar(20) NOT NULL,
    details text NOT NULL
);
CREATE INDEX ix_identity_staff_changes_staff_id_at_utc ON identity_staff_changes (staff_id, at_utc);
