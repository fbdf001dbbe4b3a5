-- Absence (pipeline and capacity): working days lost over a period may carry a reason category,
-- and long-term absences run from a date (to a date, or still absent). Only a category is kept:
-- sickness, maternity or parental leave, or other; never medical detail. Checks are written
-- `x = a OR x = b` (see 0003).

ALTER TABLE absences ADD COLUMN reason TEXT CHECK (
    reason IS NULL OR reason = 'sickness' OR reason = 'maternity' OR reason = 'other'
);

CREATE TABLE long_term_absences (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    absent_from TEXT NOT NULL,
    absent_to   TEXT CHECK (absent_to IS NULL OR absent_to >= absent_from),
    reason      TEXT NOT NULL CHECK (
        reason = 'sickness' OR reason = 'maternity' OR reason = 'other'
    ),
    UNIQUE (worker_id, absent_from)
);
CREATE INDEX long_term_absences_dates ON long_term_absences (absent_from, absent_to);
