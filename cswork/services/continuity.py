"""Continuity of social worker as at a date: each team's children by the number of workers they
had in the last 12 months, the authority's total, and the 12-month trend of the share with three
or more. Shared by ``cswork continuity``, the Caseload pressure screen and the board report.

The counts are made when an allocation history is imported (``cswork import allocations FILE``);
this module reads them, takes the latest month end on or before the as-at date, and adds up the
teams (each child is in one team at a month end, so the sum is the authority's count).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from cswork.model.continuity import TeamContinuity, combine
from cswork.model.measures import round_half_up
from cswork.model.months import month_end as last_day_of
from cswork.model.months import shift_months
from cswork.services.pressure import TOTAL, resolve_team
from cswork.store import Database
from cswork.store.continuity import load_continuity

#: Month ends in the trend: the latest and the twelve before it (a year of change).
TREND_MONTHS = 13


@dataclass(frozen=True, slots=True)
class ContinuityReport:
    """Continuity at the latest month end on or before ``as_at`` (``month_end``; ``None`` if no
    counts are held by then). ``total`` is the authority's (or, with ``team``, that team's);
    ``trend`` the same at each of the last :data:`TREND_MONTHS` month ends held, and
    ``team_trends`` each team's share with three or more workers at those month ends."""

    as_at: date
    month_end: date | None
    team: str | None
    teams: tuple[TeamContinuity, ...]
    total: TeamContinuity
    trend: tuple[TeamContinuity, ...]
    team_trends: dict[str, tuple[float | None, ...]]

    @property
    def held(self) -> bool:
        """Whether any continuity counts are held on or before the as-at date."""
        return self.month_end is not None

    @property
    def year_earlier(self) -> TeamContinuity | None:
        """The total at the month end a year before the latest, if it is held."""
        if self.month_end is None:
            return None
        before = shift_months(self.month_end.replace(day=1), -12)
        wanted = last_day_of(before.year, before.month)
        return next((row for row in self.trend if row.month_end == wanted), None)


def build_continuity(db: Database, as_at: date, team: str | None = None) -> ContinuityReport:
    """Continuity as at ``as_at``, for every team or one (:class:`UnknownTeamError` if unknown)."""
    chosen = resolve_team(db, team) if team is not None else None
    rows = load_continuity(db, on_or_before=as_at)
    if chosen is not None:
        rows = [r for r in rows if r.team == chosen]
    days = sorted({r.month_end for r in rows})[-TREND_MONTHS:]
    if not days:
        empty = TeamContinuity(chosen or TOTAL, as_at)
        return ContinuityReport(as_at, None, chosen, (), empty, (), {})
    latest = days[-1]
    by_team: dict[str, dict[date, TeamContinuity]] = defaultdict(dict)
    for row in rows:
        by_team[row.team][row.month_end] = row
    teams = tuple(by_team[name][latest] for name in sorted(by_team) if latest in by_team[name])
    name = chosen or TOTAL
    trend = tuple(combine(name, rows, day) for day in days)
    team_trends = {
        team_name: tuple(held[day].three_plus_share if day in held else None for day in days)
        for team_name, held in sorted(by_team.items())
    }
    return ContinuityReport(as_at, latest, chosen, teams, trend[-1], trend, team_trends)


def _share(fraction: float | None) -> float | None:
    """A share as a percentage to one decimal place, rounded half up."""
    return None if fraction is None else round_half_up(100 * fraction, 1)


def continuity_row_json(row: TeamContinuity, key: str = "team") -> dict[str, Any]:
    """One team's (or the total's) counts as JSON-ready data."""
    return {
        key: row.team,
        "month_end": row.month_end.isoformat(),
        "children": row.children,
        "one_worker": row.one,
        "two_workers": row.two,
        "three_workers": row.three,
        "four_plus_workers": row.four_plus,
        "three_plus": row.three_plus,
        "three_plus_pct": _share(row.three_plus_share),
        "worker_left_12_months": row.worker_left,
        "worker_left_in_month": row.worker_left_month,
    }


def continuity_json(report: ContinuityReport) -> dict[str, Any]:
    """The report as JSON-ready data with stable keys."""
    return {
        "as_at": report.as_at.isoformat(),
        "month_end": report.month_end.isoformat() if report.month_end else None,
        "team": report.team,
        "total": continuity_row_json(report.total) if report.held else None,
        "teams": [continuity_row_json(row) for row in report.teams],
        "trend": [
            {
                "month_end": row.month_end.isoformat(),
                "children": row.children,
                "three_plus": row.three_plus,
                "three_plus_pct": _share(row.three_plus_share),
                "worker_left_in_month": row.worker_left_month,
            }
            for row in report.trend
        ],
    }


def continuity_share_rows(db: Database, as_at: date) -> list[dict[str, Any]]:
    """Every stored month end on or before ``as_at``: each team's row, then the authority's, as
    ``cswork continuity --json`` writes them (for ``share_continuity_by_month``)."""
    rows = load_continuity(db, on_or_before=as_at)
    found: list[dict[str, Any]] = []
    for day in sorted({r.month_end for r in rows}):
        held = [r for r in rows if r.month_end == day]
        found += [continuity_row_json(r) for r in held]
        found.append(continuity_row_json(combine(TOTAL, held, day)))
    return found
