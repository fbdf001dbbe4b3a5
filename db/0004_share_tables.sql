-- Tables for outside readers (Power BI, Excel through SQLite ODBC, Datasette).
--
-- Every share_ table is computed by cswork's own model (the figures `cswork summary`, `pressure`,
-- `cohorts`, `demand`, `indicators` and `imports` print) and rewritten whole, in one transaction,
-- after every import, undo, settings change and demo. Plain column names, labels instead of codes,
-- rates as percentages to one decimal place, and no personal data: no worker references, no names,
-- only counts. Nothing in cswork reads them back.

-- What each table holds, the date its figures are as at, and when it was last written (UTC).
CREATE TABLE share_about (
    table_name   TEXT PRIMARY KEY,
    description  TEXT NOT NULL,
    as_at        TEXT,
    refreshed_at TEXT NOT NULL
);

-- The DfE workforce measures at each month end (the last row of a team: the as-at date), by team and
-- for 'All teams'. Leavers and starters are the 12 months to the date.
CREATE TABLE share_workforce_by_month (
    month                 TEXT NOT NULL,
    as_at                 TEXT NOT NULL,
    team                  TEXT NOT NULL,
    in_post_fte           REAL NOT NULL,
    in_post_headcount     INTEGER NOT NULL,
    agency_fte            REAL NOT NULL,
    agency_headcount      INTEGER NOT NULL,
    establishment_fte     REAL NOT NULL,
    vacancy_fte           REAL NOT NULL,
    leavers_fte           REAL NOT NULL,
    starters_fte          REAL NOT NULL,
    vacancy_rate_pct      REAL,
    agency_rate_pct       REAL,
    turnover_rate_pct     REAL,
    agency_cover_rate_pct REAL,
    cases                 INTEGER NOT NULL,
    case_holders_fte      REAL NOT NULL,
    caseload              REAL,
    workers_over_capacity INTEGER NOT NULL,
    PRIMARY KEY (as_at, team)
);

-- Caseload pressure at each month's latest caseload count, by team and for 'All teams'.
CREATE TABLE share_team_pressure_by_month (
    month                      TEXT NOT NULL,
    count_date                 TEXT NOT NULL,
    team                       TEXT NOT NULL,
    case_holders               INTEGER NOT NULL,
    case_holding_fte           REAL NOT NULL,
    cases                      INTEGER NOT NULL,
    caseload                   REAL,
    weighted_cases             REAL NOT NULL,
    weighted_caseload          REAL,
    capacity                   REAL NOT NULL,
    utilisation_pct            REAL,
    workers_under_85_pct       INTEGER NOT NULL,
    workers_85_to_100_pct      INTEGER NOT NULL,
    workers_100_to_110_pct     INTEGER NOT NULL,
    workers_over_110_pct       INTEGER NOT NULL,
    workers_over_capacity      INTEGER NOT NULL,
    workers_without_capacity   INTEGER NOT NULL,
    PRIMARY KEY (count_date, team)
);

-- Each academy cohort as at the date, then 'All cohorts'; planned intakes have status 'planned'.
CREATE TABLE share_cohort_outcomes (
    as_at          TEXT NOT NULL,
    cohort         TEXT NOT NULL PRIMARY KEY,
    status         TEXT NOT NULL,
    start_date     TEXT,
    planned_size   INTEGER,
    starters       INTEGER,
    in_post        INTEGER,
    left_service   INTEGER,
    completed_asye INTEGER,
    in_asye        INTEGER,
    progressed     INTEGER
);

-- Retention (Kaplan-Meier, %) of each started cohort and 'All cohorts' at 6, 12, ... months.
CREATE TABLE share_cohort_retention (
    as_at         TEXT NOT NULL,
    cohort        TEXT NOT NULL,
    months        INTEGER NOT NULL,
    retention_pct REAL,
    at_risk       INTEGER,
    PRIMARY KEY (cohort, months)
);

-- Each demand measure by month, with its 12-month rolling average and the change on a year earlier.
CREATE TABLE share_demand_by_month (
    month                       TEXT NOT NULL,
    measure                     TEXT NOT NULL,
    measure_code                TEXT NOT NULL,
    value                       REAL,
    rolling_12_mean             REAL,
    year_earlier_month          TEXT NOT NULL,
    year_earlier_value          REAL,
    change_on_year_pct          REAL,
    rolling_12_change_on_year_pct REAL,
    change_sentence             TEXT,
    PRIMARY KEY (month, measure_code)
);

-- Every indicator value with the RAG status against the target that applied then; latest = 1 marks
-- the period `cswork indicators` reports.
CREATE TABLE share_indicators (
    indicator_code TEXT NOT NULL,
    indicator      TEXT NOT NULL,
    better_when    TEXT NOT NULL,
    unit           TEXT,
    period         TEXT NOT NULL,
    value          REAL NOT NULL,
    target         REAL,
    rag            TEXT,
    trend          TEXT,
    latest         INTEGER NOT NULL,
    PRIMARY KEY (indicator_code, period)
);

-- The import log (file names, digests, counts and times; never a cell value), newest first by id.
CREATE TABLE share_import_log (
    import_id    INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    rows_read    INTEGER NOT NULL,
    rows_added   INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    rows_closed  INTEGER NOT NULL,
    rows_skipped INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    message      TEXT
);
