-- Derived figures kept between runs (the Projections screen's projection, calibrated leaver rates
-- and check of past skill), so a big authority's screen shows them at once when nothing changed.
--
-- history_version is one number that every write cswork makes to a table the projection history
-- reads (workers, role spells, teams, cohorts, establishment, caseloads, settings, absences) adds
-- one to, in the same transaction (see cswork/store/derived.py and its test). A derived figure is
-- used only while the version, the code that made it and a fingerprint of the tables (a best-effort
-- guard against edits made outside cswork) are all as they were when it was worked out.

CREATE TABLE history_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO history_version (id, version) VALUES (1, 1);

CREATE TABLE derived_figures (
    kind            TEXT NOT NULL,
    key             TEXT NOT NULL,
    history_version INTEGER NOT NULL,
    code            TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    value           TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
