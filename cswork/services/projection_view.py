"""What the Projections screen shows: scenarios, the calibrated leaver rates, a projection of the
assumptions being edited, its table and chart series, and two stored scenarios side by side.

Table and side-by-side figures come from :func:`projection_json`, so they are exactly the figures of
``cswork project --format json`` (and ``--compare``) for the same scenarios, as at the same date.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from cswork.export.tables import Cell
from cswork.model.months import add_months_keeping_month_end
from cswork.model.projection.assumptions import Assumptions, from_dict
from cswork.model.projection.calibration import LeaverRate
from cswork.model.projection.outputs import Band
from cswork.services.backtest import BACKTEST_RUNS, HEADLINE_SCORED, run_backtests
from cswork.services.derived import Keeper
from cswork.services.projection import (
    BASELINE,
    Comparison,
    ProjectionHistory,
    ProjectionResult,
    calibrate,
    compare_paired,
    comparison_json,
    hiring_warnings,
    history_stamp,
    load_projection_history,
    project_state,
    projection_json,
    scenario_assumptions,
    starting_state,
)
from cswork.store import Database
from cswork.store.db import is_read_only
from cswork.store.scenarios import get_scenario, list_scenarios


@dataclass(frozen=True, slots=True)
class Figure:
    """A projected figure the screen charts and tabulates: output key, heading and unit."""

    output: str
    heading: str
    unit: str


#: The figures on the Projections screen, in table order.
FIGURES: tuple[Figure, ...] = (
    Figure("in_post_fte", "In post FTE", "FTE"),
    Figure("needed_fte", "Needed FTE", "FTE"),
    Figure("vacancy_rate", "Vacancy %", "%"),
    Figure("agency_rate", "Agency %", "%"),
    Figure("caseload", "Caseload", "cases per case-holding FTE"),
    Figure("agency_fte", "Agency FTE", "FTE"),
    Figure("vacancy_fte", "Vacancy FTE", "FTE"),
    Figure("cost", "Cost £ a month", "£"),
    Figure("cumulative_cost", "Cumulative cost £", "£"),
)


@dataclass(frozen=True, slots=True)
class ProjectionsView:
    """A scenario ready to edit: the stored names, its assumptions, calibration and projection."""

    as_at: date
    scenarios: tuple[str, ...]
    scenario: str
    assumptions: Assumptions
    calibrated: dict[str, LeaverRate]
    result: ProjectionResult
    #: Whether this load calibrated the baseline and stored it (a write of the app's own).
    stored_baseline: bool = False


def projections_view(
    db: Database,
    as_at: date,
    scenario: str = BASELINE,
    writing: Callable[[], AbstractContextManager[None]] = nullcontext,
    keeper: Keeper | None = None,
    working_out: Callable[[], None] = lambda: None,
) -> ProjectionsView:
    """Scenario ``scenario`` (the calibrated baseline is stored the first time) and its projection,
    as kept from an earlier run while the history is unchanged (see :mod:`cswork.services.derived`),
    else worked out and kept (each write inside ``writing``; by ``keeper``, if given, taken before
    anything was read). When they are not kept, ``working_out()`` is called first: another process
    may work them out and keep them meanwhile (they are looked for again after it returns)."""
    keeper = keeper or Keeper.of(db, writing, history_stamp(db))  # before the history is read
    names = tuple(s.name for s in list_scenarios(db))
    if BASELINE in names and scenario in names:
        kept = _kept_view(db, keeper, as_at, scenario, names)
        if kept is not None:
            return kept
    working_out()
    if BASELINE in names and scenario in names:
        kept = _kept_view(db, keeper, as_at, scenario, names)
        if kept is not None:
            return kept
    history = load_projection_history(db)
    stored = get_scenario(db, BASELINE) is None and not is_read_only(db)
    scenario_assumptions(db, BASELINE, as_at, history)
    assumptions = scenario_assumptions(db, scenario, as_at, history)
    calibrated = calibrate(history, as_at).leaver_rates
    result = project_assumptions(db, scenario, assumptions, as_at, history=history)
    keeper.keep(LEAVER_RATES, as_at.isoformat(), _rates_text(calibrated))
    keeper.keep(PROJECTION, _projection_key(as_at, assumptions, 1), _result_text(result))
    return ProjectionsView(
        as_at=as_at,
        scenarios=tuple(s.name for s in list_scenarios(db)),
        scenario=scenario,
        assumptions=assumptions,
        calibrated=calibrated,
        result=result,
        stored_baseline=stored,
    )


def _kept_view(
    db: Database, keeper: Keeper, as_at: date, scenario: str, names: tuple[str, ...]
) -> ProjectionsView | None:
    """The view from figures kept for this history, if all of them are."""
    stored = get_scenario(db, scenario)
    if stored is None:
        return None
    assumptions = stored.assumptions
    calibrated = keeper.get(LEAVER_RATES, as_at.isoformat(), _rates_of)
    if calibrated is None:
        return None
    result = keeper.get(
        PROJECTION,
        _projection_key(as_at, assumptions, 1),
        lambda text: _result_of(text, scenario, as_at, assumptions),
    )
    if result is None:
        return None
    return ProjectionsView(as_at, names, scenario, assumptions, calibrated, result)


#: Kinds of figure the screen keeps (see :mod:`cswork.store.derived`).
LEAVER_RATES, PROJECTION, SKILL = "leaver rates", "projection", "skill"


def _rates_text(rates: dict[str, LeaverRate]) -> str:
    return json.dumps([[getattr(r, f.name) for f in fields(LeaverRate)] for r in rates.values()])


def _rates_of(text: str) -> dict[str, LeaverRate]:
    rates = [LeaverRate(*values) for values in json.loads(text)]
    return {rate.band: rate for rate in rates}


def _projection_key(as_at: date, assumptions: Assumptions, seed: int) -> str:
    return json.dumps(
        {"as_at": as_at.isoformat(), "seed": seed, "assumptions": assumptions.to_dict()},
        sort_keys=True,
    )


def _result_text(result: ProjectionResult) -> str:
    """A projection as text that gives back the same figures, bit for bit (floats are written
    as their shortest exact form, ``NaN`` as such)."""
    return json.dumps(
        {
            "months": list(result.months),
            "runs": result.runs,
            "seed": result.seed,
            "assumptions": result.assumptions.to_dict(),
            "warnings": list(result.warnings),
            "bands": {
                name: [band.p10.tolist(), band.p50.tolist(), band.p90.tolist()]
                for name, band in result.bands.items()
            },
        }
    )


def _result_of(
    text: str, scenario: str, as_at: date, assumptions: Assumptions
) -> ProjectionResult | None:
    import numpy as np

    data = json.loads(text)
    if from_dict(data["assumptions"]) != assumptions:
        return None  # not the assumptions asked for (the key should have told)
    bands = {
        name: Band(*(np.array(values, dtype=np.float64) for values in quantiles))
        for name, quantiles in data["bands"].items()
    }
    return ProjectionResult(
        scenario,
        as_at,
        tuple(data["months"]),
        int(data["runs"]),
        int(data["seed"]),
        bands,
        assumptions,
        tuple(data["warnings"]),
    )


@dataclass(frozen=True, slots=True)
class SkillLine:
    """The one-line check of past skill, and whether it was kept in the store just now."""

    line: str
    kept: bool = False


def model_skill(
    db: Database,
    as_at: date,
    writing: Callable[[], AbstractContextManager[None]] = nullcontext,
    keeper: Keeper | None = None,
) -> SkillLine:
    """How the model did on the authority's own past, in one line: backtests from every half-yearly
    start, each a calibration and a projection, so a screen asks for it after the projection shows
    (the line is kept, in the store too, until the history changes; the write inside
    ``writing``; by ``keeper``, if given, taken before anything was read)."""
    keeper = keeper or Keeper.of(db, writing, history_stamp(db))  # before the history is read
    key = json.dumps(
        {"as_at": as_at.isoformat(), "months": SKILL_MONTHS, "runs": BACKTEST_RUNS, "seed": 1}
    )
    line = keeper.get(SKILL, key, str)
    if line is not None:
        return SkillLine(line)
    line = run_backtests(db, SKILL_MONTHS, as_at, scored=HEADLINE_SCORED).headline
    return SkillLine(line, keeper.keep(SKILL, key, line))


#: Months ahead the Projections screen's one-line check of past skill projects.
SKILL_MONTHS = 24


def project_assumptions(
    db: Database,
    scenario: str,
    assumptions: Assumptions,
    as_at: date,
    seed: int = 1,
    history: ProjectionHistory | None = None,
) -> ProjectionResult:
    """Project ``assumptions`` (perhaps not yet saved) over their horizon with their runs, exactly
    as :func:`cswork.services.projection.run_projection` projects a stored scenario (on
    ``history``, the store's when not given)."""
    history = history or load_projection_history(db)
    state = starting_state(history, as_at, calibrate(history, as_at).fit)
    horizon, runs = assumptions.horizon_months, assumptions.runs
    bands = project_state(state, assumptions, horizon, runs, seed)
    months = tuple(
        add_months_keeping_month_end(as_at, k).strftime("%Y-%m") for k in range(horizon + 1)
    )
    return ProjectionResult(
        scenario,
        as_at,
        months,
        runs,
        seed,
        bands,
        assumptions,
        hiring_warnings(state, assumptions, horizon),
    )


def table_headers() -> list[str]:
    """Headings of the projection table and its export: month, then each figure's p50, p10, p90."""
    headers = ["Month"]
    for figure in FIGURES:
        headers += [figure.heading, f"{figure.heading} p10", f"{figure.heading} p90"]
    return headers


def table_rows(result: ProjectionResult) -> list[list[Cell]]:
    """One row per projected month, as :func:`table_headers` names the columns."""
    rows: list[list[Cell]] = []
    for month in projection_json(result):
        row: list[Cell] = [month["month"]]
        for figure in FIGURES:
            band: dict[str, Any] = month[figure.output]
            row += [band["p50"], band["p10"], band["p90"]]
        rows.append(row)
    return rows


def comparison_headers(first: str, second: str) -> list[str]:
    """Headings of the side-by-side table: month, then each figure for both and the difference."""
    headers = ["Month"]
    for figure in FIGURES:
        headers += [
            f"{figure.heading} {first}",
            f"{figure.heading} {second}",
            f"{figure.heading} difference",
        ]
    return headers


def comparison_rows(comparison: Comparison) -> list[list[Cell]]:
    """Two projections' medians month by month, and the median of the paired runs' differences
    (second less first), exactly as ``cswork project --compare --format json`` gives them."""
    data = comparison_json(comparison)
    first = projection_json(comparison.base)
    second = projection_json(comparison.other)
    rows: list[list[Cell]] = []
    for one, two, gap in zip(first, second, data["difference"], strict=True):
        row: list[Cell] = [one["month"]]
        for figure in FIGURES:
            row += [
                one[figure.output]["p50"],
                two[figure.output]["p50"],
                gap[figure.output]["p50"],
            ]
        rows.append(row)
    return rows


def compare_scenarios(db: Database, names: list[str], as_at: date) -> Comparison:
    """Two stored scenarios projected by paired runs as ``cswork project --compare`` does."""
    return compare_paired(db, names[0], names[1], as_at=as_at)
