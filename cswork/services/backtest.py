"""Backtest: calibrate on the history up to a past month end, project, and compare with what happened.

The projection is the deterministic (expected-value) path of the baseline calibrated at that date,
with the cohorts the store records as starting after it at their planned size. The naive forecast
is the position at the start, unchanged. Utilisation and cost are not scored: the store holds no
record of what they actually were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cswork.model.months import add_months_keeping_month_end, month_end
from cswork.model.position import Figures, workforce_position
from cswork.model.projection.backtest import OutputScore, score
from cswork.services.projection import (
    baseline_assumptions,
    load_projection_history,
    project_state,
    starting_state,
)
from cswork.store import Database

#: The outputs a backtest scores, each read from the actual position the same way.
SCORED: tuple[str, ...] = (
    "in_post_fte",
    "agency_fte",
    "vacancy_fte",
    "vacancy_rate",
    "agency_rate",
    "caseload",
)


class BacktestError(ValueError):
    """A start month that cannot be backtested (bad text, or too little history after it)."""


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """Projected and actual values per output and month, and the scores."""

    start: date
    months: tuple[str, ...]
    projected: dict[str, list[float | None]]
    actual: dict[str, list[float | None]]
    naive: dict[str, float | None]
    scores: list[OutputScore]


def parse_month(text: str) -> date:
    """The last day of the month ``YYYY-MM``."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return month_end(year, month)
    except ValueError:
        raise BacktestError(f"--from must be a month as YYYY-MM, not {text!r}") from None


def _actual(figures: Figures, output: str) -> float | None:
    value: float | None = getattr(figures, output)
    return value


def run_backtest(db: Database, start_month: str, months: int, latest: date) -> BacktestResult:
    """Backtest from the end of ``start_month`` over ``months`` months, using history to ``latest``."""
    start = parse_month(start_month)
    if months < 1:
        raise BacktestError(f"--months must be at least 1, not {months}")
    if add_months_keeping_month_end(start, months) > latest:
        raise BacktestError(
            f"not enough history: {months} months from {start_month} runs past the latest data "
            f"({latest.isoformat()})"
        )
    history = load_projection_history(db)
    if not any(s.start <= start for s in history.spells):
        raise BacktestError(f"no workforce history on or before {start.isoformat()}")
    assumptions = baseline_assumptions(history, start)
    state = starting_state(history, start)
    bands = project_state(state, assumptions, months, runs=1, seed=0)
    spells = list(history.spells)
    positions = [
        workforce_position(
            [s for s in spells if s.start <= on],
            history.establishment,
            [c for c in history.case_counts if c.as_at <= on],
            on,
        ).total
        for on in (add_months_keeping_month_end(start, k) for k in range(months + 1))
    ]

    def clean(value: float) -> float | None:
        return None if value != value else float(value)

    projected = {o: [clean(v) for v in bands[o].p50[1:]] for o in SCORED}
    actual = {o: [_actual(p, o) for p in positions[1:]] for o in SCORED}
    naive = {o: _actual(positions[0], o) for o in SCORED}
    labels = tuple(
        add_months_keeping_month_end(start, k).strftime("%Y-%m") for k in range(1, months + 1)
    )
    return BacktestResult(
        start=start,
        months=labels,
        projected=projected,
        actual=actual,
        naive=naive,
        scores=score(labels, projected, actual, naive),
    )


def backtest_json(result: BacktestResult) -> dict[str, Any]:
    """The backtest as JSON-ready data."""

    def r(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {
        "from": result.start.isoformat(),
        "months": list(result.months),
        "scores": [
            {
                "output": s.output,
                "model_mape": r(s.model_mape),
                "naive_mape": r(s.naive_mape),
                "beats_naive": s.beats_naive,
            }
            for s in result.scores
        ],
        "monthly": [
            {
                "month": month,
                **{
                    o: {"projected": r(result.projected[o][i]), "actual": r(result.actual[o][i])}
                    for o in SCORED
                },
            }
            for i, month in enumerate(result.months)
        ],
    }
