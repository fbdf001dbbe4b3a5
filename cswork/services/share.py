"""Refresh the tables for outside readers (Power BI, Excel through SQLite ODBC, Datasette).

Called by the services that change what the figures depend on (an import, an undo, a settings change,
the demo), inside their own transaction where they have one, so the ``share_*`` tables always agree
with the data beside them. The figures are as at the latest date the store holds (not after today),
monthly from the first recorded leaver or caseload count, for at most :data:`HISTORY_MONTHS`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from cswork.model.months import calendar_months_apart
from cswork.services.continuity import continuity_share_rows
from cswork.services.monthly_history import month_ends
from cswork.services.share_rows import (
    cohort_rows,
    demand_rows,
    import_log_rows,
    indicator_rows,
    pressure_rows,
    workforce_rows,
)
from cswork.services.summary import default_as_at
from cswork.store import Database
from cswork.store.share import ShareTable, history_evidence_start, replace_share_tables

#: The longest monthly history written (five years of month ends, the last being the as-at date).
HISTORY_MONTHS = 60

IMPORT_LOG = "share_import_log"

#: The tables, in the order ``share_about`` lists them, with what each holds.
DESCRIPTIONS = {
    "share_workforce_by_month": (
        "DfE workforce measures at each month end by team and for All teams: FTE and headcount in "
        "post, agency, establishment, vacancies, 12-month leavers and starters, vacancy, agency, "
        "turnover and agency-cover rates (%), cases and caseload, workers over capacity"
    ),
    "share_team_pressure_by_month": (
        "Caseload pressure at each month's latest caseload count by team and for All teams: "
        "weighted caseload, capacity, utilisation (%), workers by utilisation band"
    ),
    "share_continuity_by_month": (
        "Continuity of social worker at each month end by team and for All teams: children "
        "allocated by the number of social workers they had in the 12 months to it, the share "
        "with 3 or more (%), and those reallocated because their worker left"
    ),
    "share_cohort_outcomes": (
        "Academy cohorts as at the date: starters, in post, left, through ASYE, in ASYE, "
        "progressed; All cohorts; planned intakes"
    ),
    "share_cohort_retention": "Retention (%) of each academy cohort and All cohorts by months since start",
    "share_demand_by_month": (
        "Demand measures by month with the 12-month rolling mean and the change on a year earlier"
    ),
    "share_indicators": (
        "Performance indicators by period against their targets, with RAG status and trend"
    ),
    IMPORT_LOG: "Every import: file name, SHA-256, row counts, times and outcome",
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def history_days(db: Database, as_at: date) -> list[date]:
    """The dates of the monthly history: month ends from the first recorded change (at most
    :data:`HISTORY_MONTHS` back), ending with ``as_at`` itself; none for an empty store."""
    start = history_evidence_start(db)
    if start is None or start > as_at:
        return []
    months = min(
        HISTORY_MONTHS, calendar_months_apart(start.replace(day=1), as_at.replace(day=1)) + 1
    )
    return month_ends(as_at, months)


def refresh_share_tables(
    db: Database,
    *,
    today: date | None = None,
    clock: Callable[[], datetime] = _utc_now,
) -> date:
    """Recompute every ``share_*`` table and replace them in one transaction; return the as-at date."""
    as_at = default_as_at(db, today or date.today())
    outcomes, retention = cohort_rows(db, as_at)
    rows = {
        "share_workforce_by_month": workforce_rows(db, history_days(db, as_at)),
        "share_team_pressure_by_month": pressure_rows(db, as_at),
        "share_continuity_by_month": continuity_share_rows(db, as_at),
        "share_cohort_outcomes": outcomes,
        "share_cohort_retention": retention,
        "share_demand_by_month": demand_rows(db),
        "share_indicators": indicator_rows(db),
        IMPORT_LOG: import_log_rows(db),
    }
    tables = [
        ShareTable(name, DESCRIPTIONS[name], rows[name], None if name == IMPORT_LOG else as_at)
        for name in DESCRIPTIONS
    ]
    replace_share_tables(db, tables, refreshed_at=clock().isoformat(timespec="seconds"))
    return as_at


def refresh_import_log(db: Database, *, clock: Callable[[], datetime] = _utc_now) -> None:
    """Rewrite ``share_import_log`` alone (after an import that changed nothing but the log)."""
    table = ShareTable(IMPORT_LOG, DESCRIPTIONS[IMPORT_LOG], import_log_rows(db))
    replace_share_tables(db, [table], refreshed_at=clock().isoformat(timespec="seconds"))
