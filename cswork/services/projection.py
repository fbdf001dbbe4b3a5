"""Projection use cases: calibrate from history, the baseline scenario, run and compare projections.

The projection history is read once per database state and cached (keyed by the file and a cheap
fingerprint of the tables read), so the app's worker threads can call :func:`run_projection` repeatedly as a user edits
a scenario. Each call takes its own connection's ``db``; nothing here holds one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cswork.model.measures import round_half_up
from cswork.model.months import add_months_keeping_month_end
from cswork.model.projection.assumptions import Assumptions, PlannedCohort
from cswork.model.projection.calibration import (
    LeaverRate,
    agency_conversion_rate,
    demand_trend,
    hires_per_month,
    leaver_rates,
    no_show_rate,
)
from cswork.model.projection.engine import simulate
from cswork.model.projection.outputs import (
    EXTRA_OUTPUTS,
    OUTPUTS,
    Band,
    output_paths,
    quantile_bands,
)
from cswork.model.projection.state import StartingState, build_starting_state
from cswork.model.settings import Settings
from cswork.model.workforce import CaseCount, EstablishmentLine, RoleSpell
from cswork.store import Database
from cswork.store.caseloads import load_case_counts
from cswork.store.db import database_file, is_read_only
from cswork.store.projection_history import (
    CohortPlan,
    case_totals_by_date,
    history_fingerprint,
    load_cohort_plans,
)
from cswork.store.scenarios import ScenarioError, get_scenario, save_scenario
from cswork.store.settings import load_settings
from cswork.store.staff import load_establishment, load_role_spells
from cswork.store.teams import team_targets

BASELINE = "baseline"


@dataclass(frozen=True, slots=True)
class ProjectionHistory:
    """Everything the projection reads from the store."""

    spells: tuple[RoleSpell, ...]
    establishment: tuple[EstablishmentLine, ...]
    case_counts: tuple[CaseCount, ...]
    cases_by_date: dict[date, dict[str, float]]
    cohorts: tuple[CohortPlan, ...]
    settings: Settings
    team_targets: dict[str, float]

    @property
    def cohort_starts(self) -> dict[str, date]:
        """Cohort start dates by name."""
        return {c.name: c.start for c in self.cohorts}


_cache: dict[str, tuple[tuple[object, ...], ProjectionHistory]] = {}
_cache_lock = threading.Lock()


def load_projection_history(db: Database) -> ProjectionHistory:
    """The store's history, from the cache when nothing has changed since it was read."""
    key = _db_key(db)
    fingerprint = history_fingerprint(db)
    with _cache_lock:
        cached = _cache.get(key)
        if cached and cached[0] == fingerprint:
            return cached[1]
    history = ProjectionHistory(
        spells=tuple(load_role_spells(db)),
        establishment=tuple(load_establishment(db)),
        case_counts=tuple(load_case_counts(db)),
        cases_by_date=case_totals_by_date(db),
        cohorts=tuple(load_cohort_plans(db)),
        settings=load_settings(db),
        team_targets=team_targets(db),
    )
    with _cache_lock:
        _cache[key] = (fingerprint, history)
    return history


def _db_key(db: Database) -> str:
    return database_file(db) or f"memory:{id(db)}"


@dataclass(frozen=True, slots=True)
class Calibration:
    """What the history says, as at a date."""

    as_at: date
    leaver_rates: dict[str, LeaverRate]
    hires_per_month: float
    agency_conversion_rate: float
    no_show_rate: float
    agency_share_of_vacancies: float
    agency_charge_per_hour: float | None
    demand_growth: dict[str, float]
    demand_noise_sd: float


def starting_state(history: ProjectionHistory, as_at: date) -> StartingState:
    """The position at ``as_at`` with the demand trend fitted up to then."""
    spells = [s for s in history.spells if s.start <= as_at]
    trend = demand_trend(history.cases_by_date, history.settings.weights, as_at)
    return build_starting_state(
        spells,
        list(history.establishment),
        [c for c in history.case_counts if c.as_at <= as_at],
        as_at,
        history.settings,
        history.team_targets,
        history.cohort_starts,
        trend.growth,
        trend.noise_sd,
    )


def calibrate(history: ProjectionHistory, as_at: date) -> Calibration:
    """Fit leaver rates, recruitment, agency and demand to the history up to ``as_at``."""
    spells = [s for s in history.spells if s.start <= as_at]
    state = starting_state(history, as_at)
    past = [c for c in history.cohorts if c.start <= as_at and c.planned_size is not None]
    charges = [
        (s.hourly_charge, s.fte)
        for s in spells
        if not s.la_employed and s.in_post(as_at) and s.hourly_charge is not None
    ]
    agency_fte = sum(f for _, f in charges)
    vacancy = state.vacancy_fte
    trend = demand_trend(history.cases_by_date, history.settings.weights, as_at)
    return Calibration(
        as_at=as_at,
        leaver_rates=leaver_rates(spells, as_at, history.settings, history.cohort_starts),
        hires_per_month=hires_per_month(spells, as_at),
        agency_conversion_rate=agency_conversion_rate(spells, as_at),
        no_show_rate=no_show_rate(
            {c.name: c.planned_size or 0 for c in past}, {c.name: c.starters for c in past}
        ),
        agency_share_of_vacancies=min(state.agency_fte / vacancy, 2.0) if vacancy > 0 else 0.85,
        agency_charge_per_hour=sum(c * f for c, f in charges) / agency_fte if agency_fte else None,
        demand_growth=dict(trend.growth),
        demand_noise_sd=trend.noise_sd,
    )


def baseline_assumptions(history: ProjectionHistory, as_at: date) -> Assumptions:
    """Assumptions calibrated from history, with the store's cohorts planned after ``as_at``."""
    fit = calibrate(history, as_at)
    defaults = Assumptions()
    rates: dict[str, Any] = {
        f"leaver_rate_{band}": round(rate.rate, 4)
        if rate.rate is not None
        else defaults.leaver_rate(band)
        for band, rate in fit.leaver_rates.items()
    }
    planned = tuple(
        PlannedCohort(c.start, c.planned_size or 0) for c in history.cohorts if c.start > as_at
    )
    return replace(
        defaults,
        cohorts=planned,
        no_show_rate=round(fit.no_show_rate, 4),
        experienced_hires_per_month=round(fit.hires_per_month, 4),
        agency_conversion_rate=round(fit.agency_conversion_rate, 4),
        agency_share_of_vacancies=round(fit.agency_share_of_vacancies, 4),
        agency_charge_per_hour=round(
            fit.agency_charge_per_hour or defaults.agency_charge_per_hour, 2
        ),
        standard_hours=history.settings.standard_hours,
        **rates,
    )


def scenario_assumptions(db: Database, name: str, as_at: date) -> Assumptions:
    """The stored scenario ``name``; ``baseline`` is calibrated and stored the first time it is asked
    for. A :class:`ScenarioError` for any other missing name."""
    stored = get_scenario(db, name)
    if stored is not None:
        return stored.assumptions
    if name != BASELINE:
        raise ScenarioError(f"no scenario called {name!r}; 'cswork scenario list' shows them")
    assumptions = baseline_assumptions(load_projection_history(db), as_at)
    if not is_read_only(db):  # a read-only database calibrates afresh each time
        save_scenario(db, BASELINE, assumptions)
    return assumptions


@dataclass(frozen=True, slots=True)
class ProjectionResult:
    """A projection: months 1..N after the start, each output's p10/p50/p90, and the start."""

    scenario: str
    as_at: date
    months: tuple[str, ...]
    runs: int
    seed: int
    bands: dict[str, Band]  # arrays of length months + 1, index 0 the start
    assumptions: Assumptions

    def value(self, output: str, month: int, quantile: str = "p50") -> float | None:
        """One figure (``month`` 0 is the start); ``None`` where undefined."""
        number = float(getattr(self.bands[output], quantile)[month])
        return None if number != number else number


def project_state(
    state: StartingState, assumptions: Assumptions, months: int, runs: int, seed: int
) -> dict[str, Band]:
    """p10/p50/p90 of every output from ``state`` (deterministic when ``runs`` is 1)."""
    paths = simulate(state, assumptions, months, runs, seed, deterministic=runs == 1)
    return quantile_bands(output_paths(paths, state.target_caseload))


def run_projection(
    db: Database,
    scenario_name: str,
    months: int | None = None,
    runs: int | None = None,
    seed: int = 1,
    as_at: date | None = None,
) -> ProjectionResult:
    """Project scenario ``scenario_name`` from the position at ``as_at`` (default: latest data)."""
    from cswork.services.summary import default_as_at

    when = as_at or default_as_at(db, date.today())
    assumptions = scenario_assumptions(db, scenario_name, when)
    horizon = months or assumptions.horizon_months
    count = runs or assumptions.runs
    state = starting_state(load_projection_history(db), when)
    bands = project_state(state, assumptions, horizon, count, seed)
    labels = tuple(_month_labels(when, horizon))
    return ProjectionResult(scenario_name, when, labels, count, seed, bands, assumptions)


def compare(
    db: Database,
    scenario_names: Sequence[str],
    months: int | None = None,
    runs: int | None = None,
    seed: int = 1,
    as_at: date | None = None,
) -> list[ProjectionResult]:
    """The same projection for several scenarios, from the same start, months, runs and seed."""
    return [run_projection(db, name, months, runs, seed, as_at) for name in scenario_names]


def _month_labels(as_at: date, months: int) -> list[str]:
    return [add_months_keeping_month_end(as_at, k).strftime("%Y-%m") for k in range(months + 1)]


def _rounded(value: float | None, output: str) -> float | None:
    if value is None:
        return None
    if output.endswith("_rate") or output == "utilisation":
        return round_half_up(value, 1)
    if output == "cost":
        return float(round(value))
    return round(value, 2)


def projection_json(result: ProjectionResult) -> list[dict[str, Any]]:
    """One object per projected month: ``month`` and each output as ``{p10, p50, p90}``."""
    rows = []
    for index, month in enumerate(result.months[1:], start=1):
        row: dict[str, Any] = {"month": month}
        for output in (*OUTPUTS, *EXTRA_OUTPUTS):
            row[output] = {
                q: _rounded(result.value(output, index, q), output) for q in ("p10", "p50", "p90")
            }
        rows.append(row)
    return rows
