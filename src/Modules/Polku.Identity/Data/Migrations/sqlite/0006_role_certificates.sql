-- Roles gated by certificates (issue 16, spec 07): a role may require a valid certificate of a kind the Training module
-- issues. Without one the role cannot be given; when it expires the role lapses (identity_role_lapses says why) after
-- warnings 30 and 7 days ahead (identity_certificate_warnings: the primary key claims each warning once across nodes).
CREATE TABLE identity_role_requirements (
    role TEXT PRIMARY KEY,
    certificate_kind TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_utc TEXT NOT NULL
);

CREATE TABLE identity_role_lapses (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES identity_staff (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    certificate_kind TEXT NOT NULL,
    certificate_expired_utc TEXT NULL,
    lapsed_utc TEXT NOT NULL
);
CREATE INDEX ix_identity_role_lapses_staff_id_lapsed_utc ON identity_role_lapses (staff_id, lapsed_utc);

CREATE TABLE identity_certificate_warnings (
    staff_id TEXT NOT NULL,
    certificate_kind TEXT NOT NULL,
    expires_utc TEXT NOT NULL,
    days_ahead INTEGER NOT NULL,
    sent_utc TEXT NOT NULL,
    PRIMARY KEY (staff_id, certificate_kind, expires_utc, days_ahead)
);
