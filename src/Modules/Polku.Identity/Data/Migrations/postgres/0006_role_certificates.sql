-- Roles gated by certificates (issue 16, spec 07): a role may require a valid certificate of a kind the Training module
-- issues. Without one the role cannot be given; when it expires the role lapses (identity_role_lapses says why) after
-- warnings 30 and 7 days ahead (identity_certificate_warnings: the primary key claims each warning once across nodes).
CREATE TABLE identity_role_requirements (
    role varchar(40) PRIMARY KEY,
    certificate_kind varchar(60) NOT NULL,
    changed_by varchar(200) NOT NULL,
    changed_utc timestamptz NOT NULL
);

CREATE TABLE identity_role_lapses (
    id uuid PRIMARY KEY,
    staff_id uuid NOT NULL REFERENCES identity_staff (id) ON DELETE CASCADE,
    role varchar(40) NOT NULL,
    certificate_kind varchar(60) NOT NULL,
    certificate_expired_utc timestamptz NULL,
    lapsed_utc timestamptz NOT NULL
);
CREATE INDEX ix_identity_role_lapses_staff_id_lapsed_utc ON identity_role_lapses (staff_id, lapsed_utc);

CREATE TABLE identity_certificate_warnings (
    staff_id uuid NOT NULL,
    certificate_kind varchar(60) NOT NULL,
    expires_utc timestamptz NOT NULL,
    days_ahead integer NOT NULL,
    sent_utc timestamptz NOT NULL,
    PRIMARY KEY (staff_id, certificate_kind, expires_utc, days_ahead)
);
