-- Continuity of social worker for outside readers (see 0004): per month end and team, and All
-- teams, the children allocated by the number of social workers they had in the 12 months to it.
-- Counts only, as `cswork continuity --json` gives them.
CREATE TABLE share_continuity_by_month (
    month_end              TEXT NOT NULL,
    team                   TEXT NOT NULL,
    children               INTEGER NOT NULL,
    one_worker             INTEGER NOT NULL,
    two_workers            INTEGER NOT NULL,
    three_workers          INTEGER NOT NULL,
    four_plus_workers      INTEGER NOT NULL,
    three_plus             INTEGER NOT NULL,
    three_plus_pct         REAL,
    worker_left_12_months  INTEGER NOT NULL,
    worker_left_in_month   INTEGER NOT NULL,
    PRIMARY KEY (month_end, team)
);
