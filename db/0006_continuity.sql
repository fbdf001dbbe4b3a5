-- Continuity of social worker (DESIGN.md §11), computed from an allocation history when it is
-- imported: per team and month end, the children allocated that day by the number of distinct
-- workers they had in the 12 months to it, and those reallocated because their worker left. Only
-- these counts are stored: never a child's identifier, nor anything derived from one.
CREATE TABLE continuity (
    id                INTEGER PRIMARY KEY,
    team_id           INTEGER NOT NULL REFERENCES teams(id),
    month_end         TEXT NOT NULL,
    one_worker        INTEGER NOT NULL CHECK (one_worker >= 0),
    two_workers       INTEGER NOT NULL CHECK (two_workers >= 0),
    three_workers     INTEGER NOT NULL CHECK (three_workers >= 0),
    four_plus_workers INTEGER NOT NULL CHECK (four_plus_workers >= 0),
    worker_left       INTEGER NOT NULL CHECK (worker_left >= 0),
    worker_left_month INTEGER NOT NULL CHECK (worker_left_month >= 0 AND worker_left_month <= worker_left),
    UNIQUE (team_id, month_end)
);
CREATE INDEX continuity_month_end ON continuity (month_end);
