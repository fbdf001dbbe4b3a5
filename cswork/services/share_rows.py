"""The rows of the tables for outside readers, computed by the same services and model code as the
CLI's ``--json`` output and rounded by the same functions, so a figure read in Power BI is the figure
``cswork summary`` prints. No row holds a worker reference or any other personal value."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cswork.model.cohorts import CohortOutcome
from cswork.model.demand import build_series, change_pct, measure_change
from cswork.model.indicators import indicator_status
from cswork.model.measures import round_half_up
from cswork.model.months import calendar_months_apart, month_key, shift_months
from cswork.model.pressure import BANDS
from cswork.model.team_pressure import GroupPressure
from cswork.services.cohorts import ALL_COHORTS, build_cohorts
from cswork.services.monthly_history import load_month_ends
from cswork.services.pressure import TOTAL, group_json, pressure_trends
from cswork.services.summary import figures_json
from cswork.store import Database
from cswork.store.demand import load_demand
from cswork.store.imports import list_imports
from cswork.store.indicators import load_indicator_values, load_indicators
from cswork.store.settings import load_settings

Row = dict[str, Any]

#: Plain column names for the utilisation bands, in band order.
BAND_COLUMNS = (
    "workers_under_85_pct",
    "workers_85_to_100_pct",
    "workers_100_to_110_pct",
    "workers_over_110_pct",
)

#: A change is on the same month a year earlier.
YEAR = 12


def _workforce_row(day: date, team: str, figures: dict[str, Any], over: int) -> Row:
    return {
        "month": month_key(day),
        "as_at": day.isoformat(),
        "team": team,
        "in_post_fte": figures["in_post_fte"],
        "in_post_headcount": figures["in_post_headcount"],
        "agency_fte": figures["agency_fte"],
        "agency_headcount": figures["agency_headcount"],
        "establishment_fte": figures["establishment_fte"],
        "vacancy_fte": figures["vacancy_fte"],
        "leavers_fte": figures["leavers_fte"],
        "starters_fte": figures["starters_fte"],
        "vacancy_rate_pct": figures["vacancy_rate"],
        "agency_rate_pct": figures["agency_rate"],
        "turnover_rate_pct": figures["turnover_rate"],
        "agency_cover_rate_pct": figures["agency_cover_rate"],
        "cases": figures["cases"],
        "case_holders_fte": figures["case_holders_fte"],
        "caseload": figures["caseload"],
        "workers_over_capacity": over,
    }


def workforce_rows(db: Database, days: Sequence[date]) -> list[Row]:
    """The DfE figures at each of ``days``, for 'All teams' then each team (as ``cswork summary``),
    worked out in columns from one load (a position and pressure per month, worker by worker, was
    23 of a 50-times-the-demo staff import's 24 seconds)."""
    if not days:
        return []
    month_ends = load_month_ends(db, days)
    rows = []
    for day in days:
        position = month_ends.position(day, by_team=True)
        over = month_ends.pressure(day)
        rows.append(_workforce_row(day, TOTAL, figures_json(position.total), over.over_capacity))
        for name, figures in position.teams.items():
            count = over.team_over_capacity.get(name, 0)
            rows.append(_workforce_row(day, name, figures_json(figures), count))
    return rows


def _pressure_row(on: date, group: GroupPressure) -> Row:
    figures = group_json(group)
    return {
        "month": month_key(on),
        "count_date": on.isoformat(),
        "team": group.name,
        "case_holders": figures["case_holders"],
        "case_holding_fte": figures["case_holding_fte"],
        "cases": figures["cases"],
        "caseload": figures["caseload"],
        "weighted_cases": figures["weighted_cases"],
        "weighted_caseload": figures["weighted_caseload"],
        "capacity": figures["capacity"],
        "utilisation_pct": figures["utilisation"],
        **{
            column: group.band_counts[band]
            for column, band in zip(BAND_COLUMNS, BANDS, strict=True)
        },
        "workers_over_capacity": figures["workers_over_capacity"],
        "workers_without_capacity": figures["unmeasurable"],
    }


def pressure_rows(db: Database, as_at: date) -> list[Row]:
    """Each team's and the authority's pressure at every month's latest count (``cswork pressure``'s
    trend, with every figure of its team table)."""
    return [
        _pressure_row(point.on, point.pressure)
        for trend in pressure_trends(db, as_at)
        for point in trend.points
    ]


def _outcome_row(as_at: date, outcome: CohortOutcome, name: str) -> Row:
    return {
        "as_at": as_at.isoformat(),
        "cohort": name,
        "status": "started",
        "start_date": outcome.cohort.start.isoformat(),
        "planned_size": outcome.cohort.planned_size,
        "starters": outcome.starters,
        "in_post": outcome.in_post,
        "left_service": outcome.left,
        "completed_asye": outcome.completed_asye,
        "in_asye": outcome.in_asye,
        "progressed": outcome.progressed,
    }


def cohort_rows(db: Database, as_at: date) -> tuple[list[Row], list[Row]]:
    """Cohort outcomes (started, then 'All cohorts', then planned) and retention by months."""
    report = build_cohorts(db, as_at)
    started = [(o.cohort.name, o) for o in report.cohorts]
    if report.cohorts:
        started.append((ALL_COHORTS, report.pooled))
    outcomes = [_outcome_row(as_at, outcome, name) for name, outcome in started]
    outcomes += [
        {
            "as_at": as_at.isoformat(),
            "cohort": planned.name,
            "status": "planned",
            "start_date": planned.start.isoformat(),
            "planned_size": planned.planned_size,
            "starters": None,
            "in_post": None,
            "left_service": None,
            "completed_asye": None,
            "in_asye": None,
            "progressed": None,
        }
        for planned in report.planned
    ]
    retention = [
        {
            "as_at": as_at.isoformat(),
            "cohort": name,
            "months": point.months,
            "retention_pct": None
            if point.retention is None
            else round_half_up(100 * point.retention, 1),
            "at_risk": point.at_risk,
        }
        for name, outcome in started
        for point in outcome.retention
    ]
    return outcomes, retention


def demand_rows(db: Database) -> list[Row]:
    """Every measure at every month held: value, 12-month rolling mean, change on a year earlier
    (as ``cswork demand --as-at MONTH`` reports with its default base)."""
    points = load_demand(db)
    if not points:
        return []
    months = sorted({month for _, month, _ in points})
    first, last = months[0], months[-1]
    rows = []
    for series in build_series(points).values():
        for step in range(calendar_months_apart(first, last) + 1):
            month = shift_months(first, step)
            base = shift_months(month, -YEAR)
            change = measure_change(series, month, base)
            rolling, base_rolling = series.rolling_mean(month), series.rolling_mean(base)
            rows.append(
                {
                    "month": month_key(month),
                    "measure": series.label,
                    "measure_code": series.measure,
                    "value": change.value,
                    "rolling_12_mean": round_half_up(rolling, 1),
                    "year_earlier_month": month_key(base),
                    "year_earlier_value": change.base_value,
                    "change_on_year_pct": round_half_up(change.change_pct, 1),
                    "rolling_12_change_on_year_pct": round_half_up(
                        change_pct(rolling, base_rolling), 1
                    ),
                    "change_sentence": change.sentence,
                }
            )
    return rows


def indicator_rows(db: Database) -> list[Row]:
    """Every indicator value, judged against the target of its period as ``cswork indicators``
    judges the latest; ``latest`` marks the period it reports."""
    amber_band = load_settings(db).number("indicator_amber_band")
    values = load_indicator_values(db)
    rows = []
    for indicator in load_indicators(db):
        held = sorted(values.get(indicator.code, []), key=lambda v: v.period)
        for upto in range(1, len(held) + 1):
            status = indicator_status(indicator, held[:upto], amber_band)
            assert status is not None  # held[:upto] is never empty
            rows.append(
                {
                    "indicator_code": indicator.code,
                    "indicator": indicator.definition,
                    "better_when": indicator.direction.value,
                    "unit": indicator.unit,
                    "period": status.latest.period,
                    "value": status.latest.value,
                    "target": status.latest.target,
                    "rag": status.rag.value if status.rag else None,
                    "trend": status.trend.value if status.trend else None,
                    "latest": int(upto == len(held)),
                }
            )
    return rows


def import_log_rows(db: Database) -> list[Row]:
    """The import log without the problem lists (``cswork imports``, oldest first)."""
    return [
        {
            "import_id": record.id,
            "kind": record.kind,
            "file_name": record.file_name,
            "sha256": record.sha256,
            "outcome": record.outcome,
            "rows_read": record.rows_read,
            "rows_added": record.rows_added,
            "rows_changed": record.rows_changed,
            "rows_closed": record.rows_closed,
            "rows_skipped": record.rows_skipped,
            "started_at": record.started_at,
            "finished_at": record.finished_at,
            "message": record.message,
        }
        for record in reversed(list_imports(db))
    ]
