"""Caseload pressure as at a date: by team and service area, workers over capacity, the NQSW
protection check and each team's trend. Shared by ``cswork pressure`` and the Caseload pressure
screen (which calls :func:`build_pressure` from a worker thread with its own connection)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from cswork.model.absence import GroupAbsence, absence_by_team
from cswork.model.measures import round_half_up
from cswork.model.months import year_before
from cswork.model.pressure import BANDS, WorkerPressure
from cswork.model.protection import NqswCheck, nqsw_checks
from cswork.model.settings import CASE_TYPES, Settings
from cswork.model.team_pressure import (
    GroupPressure,
    PressureTrend,
    over_capacity,
    unmeasurable,
)
from cswork.services.collector import building
from cswork.store import Database
from cswork.store.absence import load_absence_book
from cswork.store.caseloads import count_dates, latest_count_date, load_count_table
from cswork.store.settings import load_settings
from cswork.store.staff import cohort_starts, load_spell_columns
from cswork.store.teams import list_teams, team_targets

if TYPE_CHECKING:
    from cswork.model.pressure_columns import DayLoad, PressureColumns

TOTAL = "All teams"


class UnknownTeamError(ValueError):
    """A team name that is not in the store; the message lists the teams that are."""


@dataclass(frozen=True, slots=True)
class PressureReport:
    """Everything the pressure command and screen show, as at a date.

    ``count_date`` is the caseload count used (the latest on or before ``as_at``; ``None`` if there
    is none). With ``team`` set, every figure is that team's and ``service_areas`` is empty.
    ``trends`` holds each team's pressure at every stored month (or its latest few, when asked
    for), then the whole authority's.
    """

    as_at: date
    count_date: date | None
    team: str | None
    settings: Settings
    total: GroupPressure
    teams: tuple[GroupPressure, ...]
    service_areas: tuple[GroupPressure, ...]
    workers: tuple[WorkerPressure, ...]
    over_capacity: tuple[WorkerPressure, ...]
    unmeasurable: tuple[WorkerPressure, ...]
    nqsw_checks: tuple[NqswCheck, ...]
    trends: tuple[PressureTrend, ...]
    #: Capacity lost to absence on the date, for the whole (or the one team) and by team; ``None``
    #: when no absence is recorded.
    absence_total: GroupAbsence | None = None
    absence: tuple[GroupAbsence, ...] = ()

    @property
    def breaches(self) -> tuple[NqswCheck, ...]:
        """NQSWs whose protection is breached."""
        return tuple(c for c in self.nqsw_checks if c.breached)

    def trend_of(self, name: str) -> PressureTrend | None:
        """The trend of one team (or of :data:`TOTAL`)."""
        return next((t for t in self.trends if t.name == name), None)


def team_names(db: Database) -> list[str]:
    """Every stored team's name, for a team filter."""
    return [t.name for t in list_teams(db)]


def resolve_team(db: Database, name: str) -> str:
    """The stored team called ``name`` (ignoring case), or :class:`UnknownTeamError`."""
    teams = [t.name for t in list_teams(db)]
    for team in teams:
        if team.casefold() == name.strip().casefold():
            return team
    known = ", ".join(teams) if teams else "none recorded"
    raise UnknownTeamError(f"unknown team {name!r}; teams: {known}")


def build_pressure(
    db: Database,
    as_at: date,
    team: str | None = None,
    *,
    with_trends: bool = True,
    recent_points: int | None = None,
) -> PressureReport:
    """Compute the pressure report from the store as at ``as_at``, optionally for one team.

    ``with_trends=False`` leaves out each team's monthly trend (the costliest part, for a caller
    that shows only the date itself). ``recent_points=N`` keeps only each team's latest N trend
    points (and the authority's), for a sparkline: the history is then read back only as far as
    the report's teams need to have N points each, not to its start.
    """
    with building():  # tens of thousands of records at regional scale, none in a cycle
        return _build_pressure(db, as_at, team, with_trends, recent_points)


def _build_pressure(
    db: Database,
    as_at: date,
    team: str | None,
    with_trends: bool,
    recent_points: int | None,
) -> PressureReport:
    team = resolve_team(db, team) if team is not None else None
    settings = load_settings(db)
    targets, starts = team_targets(db), cohort_starts(db)
    dates = _month_ends(db, as_at) if with_trends else []
    window = dates if recent_points is None else dates[-recent_points:]
    # The latest count is the last month's, so the window's counts hold it.
    count_date = dates[-1] if dates else latest_count_date(db, as_at)
    calculator = _calculator(db, as_at, window, count_date, settings, targets, starts)
    load = calculator.day(as_at, count_date)
    workers = calculator.worker_pressures(load)
    if team is not None:
        workers = [w for w in workers if w.team == team]
    total, teams, service_areas = _groups(db, calculator, load, team)
    trends = _trends(calculator, window)
    if recent_points is not None:
        held = [g.name for g in teams]
        # A team without a point in some month of the window has fewer: look further back.
        while len(window) < len(dates) and _short(trends, held, recent_points):
            window = dates[-2 * len(window) :]
            calculator = _calculator(db, as_at, window, count_date, settings, targets, starts)
            trends = _trends(calculator, window)
        trends = [PressureTrend(t.name, t.points[-recent_points:]) for t in trends]
    if team is not None:
        trends = [t for t in trends if t.name == team]
    book = load_absence_book(
        db, settings.number("working_days_per_year"), year_before(as_at) + timedelta(days=1), as_at
    )
    absence_total, absence = (
        (None, []) if book.empty else absence_by_team(team or TOTAL, workers, book, as_at)
    )
    if team is not None:
        absence = []  # the one team's figures are the total
    return PressureReport(
        as_at=as_at,
        count_date=count_date,
        team=team,
        settings=settings,
        total=total,
        teams=tuple(teams),
        service_areas=tuple(service_areas),
        workers=tuple(workers),
        over_capacity=tuple(over_capacity(workers)),
        unmeasurable=tuple(unmeasurable(workers)),
        nqsw_checks=tuple(nqsw_checks(workers, settings)),
        trends=tuple(trends),
        absence_total=absence_total,
        absence=tuple(absence),
    )


def pressure_trends(db: Database, as_at: date) -> tuple[PressureTrend, ...]:
    """Each team's pressure, then the authority's, at every month's latest caseload count on or
    before ``as_at``: :func:`build_pressure`'s ``trends`` alone, without working out the rest of
    the report (the worker list, checks, groups and absence), for the tables for outside readers."""
    dates = _month_ends(db, as_at)
    if not dates:
        return ()
    settings = load_settings(db)
    calculator = _calculator(
        db, as_at, dates, dates[-1], settings, team_targets(db), cohort_starts(db)
    )
    return tuple(_trends(calculator, dates))


def _month_ends(db: Database, as_at: date) -> list[date]:
    """Each month's latest caseload count date on or before ``as_at``: the trend's points."""
    from cswork.model.count_table import month_latest  # numpy: only when trends are asked for

    return month_latest([on for on in count_dates(db) if on <= as_at])


def _short(trends: Sequence[PressureTrend], teams: Sequence[str], points: int) -> bool:
    """Whether any of ``teams`` has fewer than ``points`` points in ``trends``."""
    held = {trend.name: len(trend.points) for trend in trends}
    return any(held.get(name, 0) < points for name in teams)


def _calculator(
    db: Database,
    as_at: date,
    window: Sequence[date],
    count_date: date | None,
    settings: Settings,
    targets: Mapping[str, float],
    starts: Mapping[str, date],
) -> PressureColumns:
    """Pressure in columns from the spells up to ``as_at`` of every worker in post on or after the
    window's first month (or ``as_at``, if earlier or there is no window), all of each such
    worker's spells, and the counts of the window's dates and ``count_date``: the workers as at
    the date are the same whichever the window (the date is never before it)."""
    from cswork.model.pressure_columns import PressureColumns  # numpy: only when asked

    since = min(window[0], as_at) if window else as_at
    spells = load_spell_columns(db, started_by=as_at, workers_in_post_since=since)
    days = sorted({*window, *([count_date] if count_date else [])})
    return PressureColumns(spells, load_count_table(db, days), settings, targets, starts)


def _groups(
    db: Database, calculator: PressureColumns, load: DayLoad, team: str | None
) -> tuple[GroupPressure, list[GroupPressure], list[GroupPressure]]:
    """The pressure of the whole (or of ``team`` alone), of each team and of each service area
    (none for one team), from the workers of ``load``: :func:`roll_up`, :func:`by_team` and
    :func:`by_service_area` of them, worked out in columns."""
    import numpy as np

    from cswork.model.pressure_trend import rolled_up

    names = calculator.spells.teams
    if team is not None:
        only = np.array([0 if name == team else -1 for name in names], dtype=np.int64)
        total, teams = rolled_up(calculator, load, only, [team], team)
        return total, teams, []
    total, teams = rolled_up(calculator, load, np.arange(len(names)), names, TOTAL)
    service_area = {t.name: t.service_area for t in list_teams(db)}
    keys = [service_area.get(name) or name for name in names]
    areas = sorted(set(keys))
    area_of = {area: i for i, area in enumerate(areas)}
    area_of_team = np.array([area_of[key] for key in keys], dtype=np.int64)
    return total, teams, rolled_up(calculator, load, area_of_team, areas, TOTAL)[1]


def _trends(calculator: PressureColumns, window: Sequence[date]) -> list[PressureTrend]:
    """Each team's pressure, then the authority's, at the month-end counts of ``window``."""
    if not window:
        return []
    from cswork.model.pressure_trend import trend_of

    return trend_of(calculator, window, TOTAL)


def percent(fraction: float | None) -> float | None:
    """A fraction as a percentage to one decimal place, rounded half up."""
    return None if fraction is None else round_half_up(100 * fraction, 1)


def group_json(group: GroupPressure, key: str = "team") -> dict[str, Any]:
    """One team's (or area's) figures with the stable JSON keys; utilisation in %."""
    return {
        key: group.name,
        "case_holding_fte": round(group.case_holding_fte, 2),
        "case_holders": group.case_holders,
        "cases": group.cases,
        "caseload": round_half_up(group.caseload, 1),
        "weighted_cases": round(group.weighted_cases, 2),
        "weighted_caseload": round_half_up(group.weighted_caseload, 1),
        "capacity": round(group.capacity, 2),
        "utilisation": percent(group.utilisation),
        "band_counts": {band.value: group.band_counts[band] for band in BANDS},
        "workers_over_capacity": group.over_capacity,
        "unmeasurable": group.unmeasurable,
    }


def worker_json(worker: WorkerPressure) -> dict[str, Any]:
    """A worker's pressure with stable keys (``ref``, ``team``, ``utilisation`` in %, ``in_asye``)."""
    return {
        "ref": worker.worker_ref,
        "team": worker.team,
        "utilisation": percent(worker.utilisation),
        "in_asye": worker.in_asye,
        "asye_month": worker.asye_month,
        "org_role": worker.org_role,
        "fte": worker.fte,
        "cases": worker.cases,
        "weighted_caseload": round(worker.weighted_caseload, 2),
        "capacity": round(worker.capacity, 2),
    }


def absence_json(group: GroupAbsence, key: str = "team") -> dict[str, Any]:
    """A team's capacity lost to absence, with stable keys; shares and utilisation in %."""
    return {
        key: group.name,
        "capacity": round(group.capacity, 2),
        "capacity_lost": round(group.capacity_lost, 2),
        "capacity_lost_share": percent(group.lost_share),
        "fte_lost": round(group.fte_lost, 2),
        "available_capacity": round(group.available, 2),
        "utilisation_after_absence": percent(group.utilisation),
        "long_term_absent": {reason.value: n for reason, n in group.long_term.items()},
    }


def _check_json(check: NqswCheck) -> dict[str, Any]:
    return {
        **worker_json(check.worker),
        "cp_cases": check.worker.cp_cases,
        "case_limit": check.case_limit,
        "breaches": [b.value for b in check.breaches],
    }


def _trends_json(trends: Sequence[PressureTrend]) -> list[dict[str, Any]]:
    from cswork.model.pressure_trend import trends_figures  # numpy: a trend is only made with it

    days: dict[date, str] = {}
    return [
        {
            "team": trend.name,
            "points": [
                {
                    "as_at": days.get(point.on) or days.setdefault(point.on, point.on.isoformat()),
                    "utilisation": shown_utilisation,
                    "caseload": shown_caseload,
                    "workers_over_capacity": point.pressure.over_capacity,
                }
                for point, shown_utilisation, shown_caseload in zip(
                    trend.points, utilisation, caseload, strict=True
                )
            ],
        }
        for trend, (utilisation, caseload) in zip(trends, trends_figures(trends), strict=True)
    ]


def settings_used(settings: Settings) -> dict[str, Any]:
    """The settings the figures depend on, so a reader can see the assumptions."""
    return {
        "weights": {t: settings.weights[t] for t in CASE_TYPES},
        "target_caseload": settings.target_caseload,
        "nqsw_factor_start": settings.number("nqsw_factor_start"),
        "nqsw_factor_end": settings.number("nqsw_factor_end"),
        "asye_months": settings.asye_months,
        "nqsw_protected_cases": settings.nqsw_protected_cases,
        "nqsw_cp_months": settings.nqsw_cp_months,
    }


def pressure_json(report: PressureReport) -> dict[str, Any]:
    """The report as JSON-ready data with stable keys."""
    with building():
        return _pressure_json(report)


def _pressure_json(report: PressureReport) -> dict[str, Any]:
    return {
        "as_at": report.as_at.isoformat(),
        "count_date": report.count_date.isoformat() if report.count_date else None,
        "team": report.team,
        "settings": settings_used(report.settings),
        "total": group_json(report.total),
        "teams": [group_json(g) for g in report.teams],
        "service_areas": [group_json(g, "service_area") for g in report.service_areas],
        "workers_over_capacity": [worker_json(w) for w in report.over_capacity],
        "unmeasurable": [worker_json(w) for w in report.unmeasurable],
        "nqsw_checks": [_check_json(c) for c in report.nqsw_checks],
        "trend": _trends_json(report.trends),
        "absence": None
        if report.absence_total is None
        else {
            "total": absence_json(report.absence_total),
            "teams": [absence_json(g) for g in report.absence],
        },
    }
