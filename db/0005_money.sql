-- Money and the agency rules (DESIGN.md §10): agency assignment details on role spells, and the
-- regional price caps per core job type. Checks are written `x = a OR x = b` (see 0003).

ALTER TABLE role_spells ADD COLUMN agency_job_type TEXT CHECK (
    agency_job_type IS NULL OR agency_job_type = 'social_worker'
    OR agency_job_type = 'senior_social_worker' OR agency_job_type = 'advanced_practitioner'
    OR agency_job_type = 'team_manager' OR agency_job_type = 'iro_cp_chair'
);
ALTER TABLE role_spells ADD COLUMN weekly_hours REAL
    CHECK (weekly_hours IS NULL OR (weekly_hours > 0 AND weekly_hours <= 100));
ALTER TABLE role_spells ADD COLUMN project_team INTEGER
    CHECK (project_team IS NULL OR project_team = 0 OR project_team = 1);

-- The most the region pays an hour for an agency worker of a core job type, from a date until the
-- next cap for the type (or until effective_to, inclusive, when given).
CREATE TABLE price_caps (
    id             INTEGER PRIMARY KEY,
    job_type       TEXT NOT NULL CHECK (
        job_type = 'social_worker' OR job_type = 'senior_social_worker'
        OR job_type = 'advanced_practitioner' OR job_type = 'team_manager'
        OR job_type = 'iro_cp_chair'
    ),
    hourly_cap     REAL NOT NULL CHECK (hourly_cap >= 0),
    effective_from TEXT NOT NULL,
    effective_to   TEXT CHECK (effective_to IS NULL OR effective_to >= effective_from),
    UNIQUE (job_type, effective_from)
);
