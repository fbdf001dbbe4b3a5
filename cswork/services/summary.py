"""The workforce summary as at a date: DfE figures, by team, pressure counts, England beside ours."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cswork.model.measures import round_half_up
from cswork.model.months import year_before
from cswork.model.position import Figures, WorkforcePosition, workforce_position
from cswork.model.pressure import WorkerPressure, worker_pressures
from cswork.reference import EnglandFigures, england_as_at
from cswork.store import Database
from cswork.store.caseloads import load_case_counts
from cswork.store.settings import load_settings
from cswork.store.staff import cohort_starts, history_bounds, load_establishment, load_role_spells
from cswork.store.teams import team_targets


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything ``cswork summary`` shows."""

    position: WorkforcePosition
    pressures: tuple[WorkerPressure, ...]
    england: EnglandFigures | None  # None: no England figure for the date's census year

    over_capacity_by_team: Mapping[str, int] = field(default_factory=dict)

    @property
    def over_capacity(self) -> int:
        """Workers whose utilisation exceeds 100 %."""
        return sum(self.over_capacity_by_team.values())

    def over_capacity_in(self, team: str) -> int:
        """Workers over capacity in one team."""
        return self.over_capacity_by_team.get(team, 0)


def after_last_data(db: Database, as_at: date) -> str | None:
    """A warning when ``as_at`` is after the last data held, saying what the figures then take
    as given: "30 Sep 2026 is after the last data held (31 Aug 2025): ...". ``None`` when the
    date is covered. (The figures are worked out as at ``as_at`` all the same: a census date a
    few weeks after an HR extract's last event is a real date, and its year's turnover differs
    from the extract's.)"""
    bounds = history_bounds(db)
    if bounds is None or as_at <= bounds[1]:
        return None
    return (
        f"{as_at:%d %b %Y} is after the last data held ({bounds[1]:%d %b %Y}): the figures take "
        "it that no one joined or left after that date, and carry the last caseload counts forward"
    )


def default_as_at(db: Database, today: date) -> date:
    """The latest date the store has data for, but not after ``today``."""
    bounds = history_bounds(db)
    if bounds is None:
        return today
    return min(bounds[1], today)


def build_summary(db: Database, as_at: date) -> Summary:
    """Compute the summary from the store as at ``as_at``."""
    # In post on the date, or leaving or starting in the year to it: no one else counts.
    spells = load_role_spells(db, started_by=as_at, workers_in_post_since=year_before(as_at))
    counts = load_case_counts(db, on_or_before=as_at, latest_only=True)
    position = workforce_position(spells, load_establishment(db), counts, as_at)
    pressures = worker_pressures(
        spells, counts, as_at, load_settings(db), team_targets(db), cohort_starts(db)
    )
    # Counted once here: asking each worker for each team was 9 million calls at 50 times the demo.
    over = Counter(p.team for p in pressures if p.over_capacity)
    return Summary(
        position=position,
        pressures=tuple(pressures),
        england=england_as_at(as_at),
        over_capacity_by_team=dict(over),
    )


def _pct(value: float | None) -> float | None:
    return round_half_up(value, 1)


def figures_json(figures: Figures, *, exact_fte: bool = False) -> dict[str, Any]:
    """The stable JSON keys for one set of figures (rates as percentages to one decimal place;
    FTE to two, unless ``exact_fte``: a paper that shows one place rounds once, from the figure
    itself, as the terminal does; 276.448 FTE rounded to 276.45 and then to 276.5 would disagree
    with the 276.4 on screen)."""

    def fte(value: float) -> float:
        return value if exact_fte else round(value, 2)

    return {
        "in_post_fte": fte(figures.in_post_fte),
        "in_post_headcount": figures.in_post_headcount,
        "agency_fte": fte(figures.agency_fte),
        "agency_headcount": figures.agency_headcount,
        "vacancy_fte": fte(figures.vacancy_fte),
        "establishment_fte": fte(figures.establishment_fte),
        "leavers_fte": fte(figures.leavers_fte),
        "starters_fte": fte(figures.starters_fte),
        "vacancy_rate": _pct(figures.vacancy_rate),
        "agency_rate": _pct(figures.agency_rate),
        "turnover_rate": _pct(figures.turnover_rate),
        "agency_cover_rate": _pct(figures.agency_cover_rate),
        "cases": figures.cases,
        "case_holders_fte": fte(figures.case_holders_fte),
        "caseload": round_half_up(figures.caseload, 1),
    }


def summary_json(summary: Summary, *, exact_fte: bool = False) -> dict[str, Any]:
    """The summary as JSON-ready data with stable keys (FTE unrounded if ``exact_fte``, see
    :func:`figures_json`)."""
    position = summary.position
    england = summary.england
    return {
        "as_at": position.as_at.isoformat(),
        **figures_json(position.total, exact_fte=exact_fte),
        "workers_over_capacity": summary.over_capacity,
        "teams": [
            {
                "team": name,
                **figures_json(figures, exact_fte=exact_fte),
                "workers_over_capacity": summary.over_capacity_in(name),
            }
            for name, figures in position.teams.items()
        ],
        "england": None
        if england is None
        else {
            "year": england.year,
            "vacancy_rate": england.vacancy_rate,
            "agency_rate": england.agency_rate,
            "turnover_rate": england.turnover_rate,
            "caseload": england.caseload,
        },
    }
