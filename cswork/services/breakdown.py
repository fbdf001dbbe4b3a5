"""Drill-downs: a team's workers, and a headline figure broken down by team with its definition.

Both front ends ask here, so the app's drill-down screens and any later command show the same
figures as the Overview and Caseload pressure screens they open from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from cswork.model.month_ends import MonthEnds
from cswork.model.position import workforce_position
from cswork.model.pressure import PressureCalculator
from cswork.model.team_pressure import by_team
from cswork.services.monthly_history import (
    load_month_ends,
    load_monthly_history,
    month_ends,
    more_counts,
)
from cswork.services.overview import TILE_FIGURES, TREND_MONTHS, Overview, overview_of
from cswork.store import Database
from cswork.store.caseloads import count_workers

#: What each Overview tile counts, in plain words (shown above its breakdown by team).
TILE_DEFINITIONS: dict[str, str] = {
    "in_post": (
        "Full-time equivalent (FTE) of social workers employed by the authority and in post on "
        "the date. Agency workers are counted separately."
    ),
    "agency": "FTE of agency social workers working for the authority on the date.",
    "vacancies": (
        "Funded FTE (from the establishment) not filled by the authority's own staff on the "
        "date, post by post."
    ),
    "vacancy_rate": (
        "Vacancies ÷ (vacancies + FTE employed by the authority in post), as the DfE measures it."
    ),
    "agency_rate": "Agency FTE ÷ (agency FTE + FTE employed by the authority in post).",
    "turnover_rate": (
        "FTE of the authority's social workers who left in the 12 months to the date ÷ FTE "
        "employed by the authority in post on the date."
    ),
    "caseload": "Cases held ÷ FTE of workers holding at least one case, at the latest count.",
    "over_capacity": (
        "Workers whose weighted caseload is above their capacity (utilisation over 100%), at "
        "the latest caseload count."
    ),
}


@dataclass(frozen=True, slots=True)
class TeamFigure:
    """One team's value of a headline figure."""

    team: str
    value: float | None


@dataclass(frozen=True, slots=True)
class TileBreakdown:
    """A headline figure by team, with its definition and the authority's value."""

    key: str
    label: str
    unit: str  # as the tile's: "fte", "pct", "cases" or "count"
    definition: str
    as_at: date
    teams: tuple[TeamFigure, ...]
    total: float | None


@dataclass(frozen=True, slots=True)
class TeamWorker:
    """A worker in post in a team, with their caseload pressure."""

    ref: str
    role: str
    contract: str
    fte: float
    cohort: str | None
    pqe_years: float | None
    cases: int | None
    weighted_caseload: float | None
    capacity: float | None
    utilisation: float | None
    in_asye: bool


class UnknownTileError(ValueError):
    """No headline figure has that key."""


def tile_breakdown(db: Database, as_at: date, key: str) -> TileBreakdown:
    """The Overview figure ``key`` for every team as at ``as_at``."""
    history = load_monthly_history(db, [as_at])
    counts = history.counts.latest_on_or_before(as_at)
    if key == "over_capacity":
        calculator = PressureCalculator(
            history.spells, history.settings, history.team_targets, history.cohort_starts
        )
        pressures = calculator.at(as_at, counts)
        teams = tuple(TeamFigure(g.name, float(g.over_capacity)) for g in by_team(pressures))
        total = float(sum(1 for w in pressures if w.over_capacity))
        return TileBreakdown(
            key, "Over capacity", "count", TILE_DEFINITIONS[key], as_at, teams, total
        )
    figure = next((f for f in TILE_FIGURES if f[0] == key), None)
    if figure is None:
        raise UnknownTileError(f"no headline figure called {key!r}")
    _, label, unit, pick = figure
    position = workforce_position(history.spells, history.establishment, counts, as_at)
    teams = tuple(TeamFigure(name, pick(figures)) for name, figures in position.teams.items())
    return TileBreakdown(
        key, label, unit, TILE_DEFINITIONS[key], as_at, teams, pick(position.total)
    )


def team_workers(db: Database, as_at: date, team: str) -> list[TeamWorker]:
    """Everyone in post in ``team`` as at ``as_at`` (by reference), with their caseload pressure."""
    # Imported here: the Overview imports this module before its first figures, which need
    # neither (a dozen modules, absence and the census among them).
    from cswork.services.pressure import build_pressure, resolve_team
    from cswork.services.staff import IN_POST, build_staff

    team = resolve_team(db, team)
    pressures = {
        w.worker_ref: w for w in build_pressure(db, as_at, team, with_trends=False).workers
    }
    workers = []
    for row in build_staff(db, as_at):
        if row.team != team or row.status != IN_POST:
            continue
        pressure = pressures.get(row.ref)
        workers.append(
            TeamWorker(
                ref=row.ref,
                role=row.role,
                contract=row.contract,
                fte=row.fte,
                cohort=row.cohort,
                pqe_years=row.pqe_years,
                cases=row.cases,
                weighted_caseload=pressure.weighted_caseload if pressure else None,
                capacity=pressure.capacity if pressure else None,
                utilisation=pressure.utilisation if pressure else None,
                in_asye=bool(pressure and pressure.in_asye),
            )
        )
    return workers


@dataclass(frozen=True, slots=True)
class TeamSummary:
    """One team's headline figures, as the Overview's by-team table shows them."""

    team: str
    in_post_fte: float
    agency_fte: float
    vacancy_rate: float | None
    agency_rate: float | None
    turnover_rate: float | None
    caseload: float | None
    utilisation: float | None
    over_capacity: int


def team_summaries(db: Database, as_at: date) -> list[TeamSummary]:
    """Every team's headline figures as at ``as_at`` (rates in %, utilisation a fraction)."""
    return summaries_of(load_month_ends(db, [as_at]), as_at)


def summaries_of(ends: MonthEnds, as_at: date) -> list[TeamSummary]:
    """Every team's headline figures as at ``as_at``, from what was loaded for a run of months
    ending with it."""
    position = ends.position(as_at, by_team=True)
    pressure = ends.pressure(as_at)
    return [
        TeamSummary(
            team=name,
            in_post_fte=figures.in_post_fte,
            agency_fte=figures.agency_fte,
            vacancy_rate=figures.vacancy_rate,
            agency_rate=figures.agency_rate,
            turnover_rate=figures.turnover_rate,
            caseload=figures.caseload,
            utilisation=pressure.team_utilisation.get(name),
            over_capacity=pressure.team_over_capacity.get(name, 0),
        )
        for name, figures in position.teams.items()
    ]


def overview_and_teams(db: Database, as_at: date) -> tuple[Overview, list[TeamSummary]]:
    """The Overview with its 24-month trends, and its by-team table, from one load."""
    ends = load_month_ends(db, month_ends(as_at, TREND_MONTHS))
    return overview_of(ends, db, as_at), summaries_of(ends, as_at)


def overview_in_stages(db: Database, as_at: date) -> Iterator[tuple[Overview, list[TeamSummary]]]:
    """The Overview with this month's and last month's figures (and no teams), then with its
    24-month trends and its by-team table: the spells are loaded once for both, with the caseload
    counts of the first stage's two days, then of the other 22 (the workers read once for both)."""
    days = month_ends(as_at, TREND_MONTHS)
    workers = count_workers(db)
    ends = load_month_ends(db, days[-2:], spells_from=days[0], workers=workers)
    yield overview_of(ends, db, as_at, months=2), []
    ends = ends.with_counts(more_counts(db, ends.counts, days, workers))
    yield overview_of(ends, db, as_at), summaries_of(ends, as_at)
