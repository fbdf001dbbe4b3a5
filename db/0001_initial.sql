-- cswork schema, version 1.
-- Dates are ISO 8601 text (YYYY-MM-DD); months are YYYY-MM. FTE is a decimal (1.0 = full time).
-- Every row an import writes is journalled in import_changes so that the import can be undone exactly.

CREATE TABLE teams (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    service_area    TEXT,
    target_caseload REAL CHECK (target_caseload IS NULL OR target_caseload > 0),
    is_academy      INTEGER NOT NULL DEFAULT 0 CHECK (is_academy IN (0, 1))
);

CREATE TABLE cohorts (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    start_date   TEXT NOT NULL,
    planned_size INTEGER CHECK (planned_size IS NULL OR planned_size >= 0)
);

-- One row per person. Names, SWE number, date of birth, gender and ethnicity are optional and only
-- stored when asked for (DESIGN.md §7); the SWE number is kept as a salted hash unless asked otherwise.
CREATE TABLE workers (
    id             INTEGER PRIMARY KEY,
    employee_ref   TEXT NOT NULL UNIQUE,
    display_name   TEXT,
    swe_number     TEXT,
    date_of_birth  TEXT,
    gender         TEXT,
    ethnicity      TEXT,
    qualified_date TEXT,
    cohort_id      INTEGER REFERENCES cohorts(id) ON DELETE SET NULL
);

-- A worker's spell in one role: team, OrgRole, contract, FTE, from start to end (the last day in post;
-- NULL while in post). A change of team, role, contract or FTE starts a new spell.
CREATE TABLE role_spells (
    id                  INTEGER PRIMARY KEY,
    worker_id           INTEGER NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    team_id             INTEGER NOT NULL REFERENCES teams(id),
    org_role            INTEGER NOT NULL CHECK (org_role BETWEEN 1 AND 6),
    job_title           TEXT,
    contract            TEXT NOT NULL CHECK (contract IN ('permanent', 'fixed_term', 'agency')),
    fte                 REAL NOT NULL CHECK (fte >= 0 AND fte <= 1.5),
    start_date          TEXT NOT NULL,
    end_date            TEXT CHECK (end_date IS NULL OR end_date >= start_date),
    leaving_reason      TEXT,
    leaver_destination  TEXT,
    start_origin        TEXT,
    agency_supplier     TEXT,
    agency_hourly_charge REAL CHECK (agency_hourly_charge IS NULL OR agency_hourly_charge >= 0),
    covering_vacancy    INTEGER CHECK (covering_vacancy IS NULL OR covering_vacancy IN (0, 1)),
    UNIQUE (worker_id, start_date)
);
CREATE INDEX role_spells_dates ON role_spells (start_date, end_date);
CREATE INDEX role_spells_team ON role_spells (team_id);

-- Funded posts: FTE by team and OrgRole, effective from a date until the next row for the same pair.
CREATE TABLE establishment (
    id             INTEGER PRIMARY KEY,
    team_id        INTEGER NOT NULL REFERENCES teams(id),
    org_role       INTEGER NOT NULL CHECK (org_role BETWEEN 1 AND 6),
    funded_fte     REAL NOT NULL CHECK (funded_fte >= 0),
    effective_from TEXT NOT NULL,
    UNIQUE (team_id, org_role, effective_from)
);

-- Cases held by a worker as at a date, by case type. Child identifiers are never stored.
CREATE TABLE caseloads (
    id        INTEGER PRIMARY KEY,
    worker_id INTEGER NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    as_at     TEXT NOT NULL,
    case_type TEXT NOT NULL CHECK (case_type IN ('CIN', 'CP', 'CLA', 'CL', 'ASSESSMENT', 'OTHER')),
    cases     INTEGER NOT NULL CHECK (cases >= 0),
    UNIQUE (worker_id, as_at, case_type)
);
CREATE INDEX caseloads_as_at ON caseloads (as_at);

-- Working days lost to absence by a worker over a period (the census year, or a month).
CREATE TABLE absences (
    id                INTEGER PRIMARY KEY,
    worker_id         INTEGER NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    period_start      TEXT NOT NULL,
    period_end        TEXT NOT NULL CHECK (period_end >= period_start),
    working_days_lost REAL NOT NULL CHECK (working_days_lost >= 0),
    UNIQUE (worker_id, period_start, period_end)
);

-- Monthly demand counts (contacts, referrals, assessments, s47, ...).
CREATE TABLE demand (
    id      INTEGER PRIMARY KEY,
    month   TEXT NOT NULL,
    measure TEXT NOT NULL,
    value   REAL NOT NULL CHECK (value >= 0),
    UNIQUE (month, measure)
);

CREATE TABLE indicators (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    definition TEXT NOT NULL,
    direction  TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    unit       TEXT
);

CREATE TABLE indicator_values (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    value        REAL NOT NULL,
    target       REAL,
    UNIQUE (indicator_id, period)
);

-- Settings that differ from the defaults in cswork.model.settings; values are JSON.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Named projection assumption sets (JSON), including their planned cohorts.
CREATE TABLE scenarios (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    assumptions TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The import log: one row per attempt. No personal values are written here.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    rows_read    INTEGER NOT NULL DEFAULT 0,
    rows_added   INTEGER NOT NULL DEFAULT 0,
    rows_changed INTEGER NOT NULL DEFAULT 0,
    rows_closed  INTEGER NOT NULL DEFAULT 0,
    rows_skipped INTEGER NOT NULL DEFAULT 0,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'no-op', 'undone')),
    message      TEXT,
    errors       TEXT
);
CREATE INDEX imports_sha ON imports (kind, sha256);

-- The undo journal: for each row an import inserted, updated or deleted, the row as it was before.
CREATE TABLE import_changes (
    id         INTEGER PRIMARY KEY,
    import_id  INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_id     INTEGER NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    before     TEXT
);
CREATE INDEX import_changes_import ON import_changes (import_id);
