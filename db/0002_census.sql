-- The DfE children's social work workforce (CSWW) census: details only the return needs, and the
-- returns imported, kept for year-on-year checks.

-- Census-only worker details (DESIGN.md §7: kept only because the return requires them).
-- qual_inst is a JSON list of qualifying institution names; qual_level the census QualLevel code.
CREATE TABLE census_worker_details (
    id         INTEGER PRIMARY KEY,
    worker_id  INTEGER NOT NULL UNIQUE REFERENCES workers(id) ON DELETE CASCADE,
    qual_inst  TEXT,
    qual_level INTEGER CHECK (qual_level IS NULL OR qual_level IN (1, 2, 3))
);

-- One row per imported return: the LA-level figures as the authority sent them.
CREATE TABLE census_returns (
    id                INTEGER PRIMARY KEY,
    year              INTEGER NOT NULL UNIQUE,
    la_code           TEXT,
    vacancy_fte       REAL NOT NULL CHECK (vacancy_fte >= 0),
    agency_fte        REAL NOT NULL CHECK (agency_fte >= 0),
    agency_headcount  INTEGER NOT NULL CHECK (agency_headcount >= 0),
    workers           INTEGER NOT NULL CHECK (workers >= 0)
);

-- The worker records of an imported return, reduced to what a year-on-year check compares.
CREATE TABLE census_return_workers (
    id         INTEGER PRIMARY KEY,
    return_id  INTEGER NOT NULL REFERENCES census_returns(id) ON DELETE CASCADE,
    worker_id  INTEGER NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    agency     INTEGER NOT NULL CHECK (agency IN (0, 1)),
    org_role   INTEGER CHECK (org_role IS NULL OR org_role BETWEEN 1 AND 6),
    role_start TEXT,
    role_end   TEXT,
    fte30      REAL,
    UNIQUE (return_id, worker_id, agency)
);
