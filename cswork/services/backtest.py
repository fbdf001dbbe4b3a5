"""Backtests: calibrate on the history up to a past month end, project, and compare with what happened.

The projection is the baseline calibrated at that date (its half-life chosen by backtests that end by
then), with the cohorts the store records as starting after it and the academy's pattern after
those, run as Monte Carlo: its median is scored, and its 10–90 % band is checked for how often what
happened fell inside it. Beside it: "nothing changes" (the start's position held) and the
straight-line trend of the 12 months to the start. Utilisation and cost are not scored: the store
holds no record of what they actually were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from cswork.model.months import add_months_keeping_month_end, month_end
from cswork.model.projection.actuals import ActualPositions, ScoredFigures, in_post_on
from cswork.model.projection.backtest import OutputScore, score, straight_line
from cswork.model.projection.history import MonthRecord
from cswork.services.projection import (
    MIN_HISTORY_MONTHS,
    ProjectionHistory,
    baseline_from,
    calibrate,
    first_month,
    load_projection_history,
    monthly_records,
    project_state,
    spell_table,
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
#: What the Projections screen's one line of past skill scores (see :attr:`BacktestSummary.headline`):
#: in-post FTE alone needs no caseload counts but each start's own, so the line is worked out
#: without reading every count the store holds.
HEADLINE_SCORED: tuple[str, ...] = ("in_post_fte",)
#: Monte Carlo runs of a backtest (its median and band).
BACKTEST_RUNS = 500


class BacktestError(ValueError):
    """A start month that cannot be backtested (bad text, or too little history after it)."""


@dataclass(frozen=True, slots=True)
class BacktestResult:
    """Projected (median and band), actual and trend values per output and month, and the scores."""

    start: date
    months: tuple[str, ...]
    projected: dict[str, list[float | None]]
    low: dict[str, list[float | None]]
    high: dict[str, list[float | None]]
    actual: dict[str, list[float | None]]
    naive: dict[str, float | None]
    trend: dict[str, list[float | None]]
    scores: list[OutputScore]
    half_life: int | None

    def score_of(self, output: str) -> OutputScore:
        """The score of one output."""
        return next(s for s in self.scores if s.output == output)


def parse_month(text: str) -> date:
    """The last day of the month ``YYYY-MM``."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return month_end(year, month)
    except ValueError:
        raise BacktestError(f"--from must be a month as YYYY-MM, not {text!r}") from None


def _actual(figures: ScoredFigures, output: str) -> float | None:
    value: float | None = getattr(figures, output)
    return value


def actual_figures(history: ProjectionHistory, on: date) -> ScoredFigures:
    """The authority's figures at ``on`` from the records (computed once per date)."""
    key = ("figures", on)
    cached = history.memo.get(key)
    if cached is None:
        positions = history.memo.get("actual positions")
        if positions is None:
            positions = ActualPositions(spell_table(history), history.establishment, history.counts)
            history.memo["actual positions"] = positions
        cached = cast(ActualPositions, positions).on(on)
        history.memo[key] = cached
    return cast(ScoredFigures, cached)


def actual_paths(
    history: ProjectionHistory, ends: list[date], scored: tuple[str, ...] = SCORED
) -> dict[str, list[float | None]]:
    """Each scored output's actual value at each of ``ends``. In-post FTE alone is read from the
    spells, without the caseload counts, posts and main roles the other outputs need."""
    if scored == HEADLINE_SCORED:
        return {"in_post_fte": [_in_post(history, on) for on in ends]}
    positions = [actual_figures(history, on) for on in ends]
    return {o: [_actual(p, o) for p in positions] for o in scored}


def _in_post(history: ProjectionHistory, on: date) -> float:
    """In-post FTE at ``on``: the month record's (the same sum of the same rows, see
    ``tests/services/test_skill_line.py``), else summed (a month end after the records)."""
    record = _records_by_end(history).get(on)
    return record.in_post_fte if record is not None else in_post_on(spell_table(history), on)


def _records_by_end(history: ProjectionHistory) -> dict[date, MonthRecord]:
    found = history.memo.get("records by end")
    if found is None:
        found = history.memo["records by end"] = {r.end: r for r in monthly_records(history)}
    return cast("dict[date, MonthRecord]", found)


def backtest_from(
    history: ProjectionHistory,
    start: date,
    months: int,
    runs: int = BACKTEST_RUNS,
    seed: int = 1,
    scored: tuple[str, ...] = SCORED,
) -> BacktestResult:
    """Backtest from ``start`` (a month end) over ``months`` months, scoring ``scored`` (each
    scored exactly as when all are)."""
    fit = calibrate(history, start)
    assumptions = baseline_from(history, fit)
    state = starting_state(history, start, fit.fit)
    bands = project_state(state, assumptions, months, runs, seed)
    ends = [add_months_keeping_month_end(start, k) for k in range(-11, months + 1)]
    paths = actual_paths(history, ends, scored)

    def clean(value: float) -> float | None:
        return None if value != value else float(value)

    projected = {o: [clean(v) for v in bands[o].p50[1:]] for o in scored}
    low = {o: [clean(v) for v in bands[o].p10[1:]] for o in scored}
    high = {o: [clean(v) for v in bands[o].p90[1:]] for o in scored}
    actual = {o: paths[o][12:] for o in scored}
    naive = {o: paths[o][11] for o in scored}
    trend = {o: straight_line(paths[o][:12], months) for o in scored}
    labels = tuple(on.strftime("%Y-%m") for on in ends[12:])
    return BacktestResult(
        start=start,
        months=labels,
        projected=projected,
        low=low,
        high=high,
        actual=actual,
        naive=naive,
        trend=trend,
        scores=score(
            labels,
            projected,
            actual,
            naive,
            trend,
            {o: (low[o], high[o]) for o in scored},
        ),
        half_life=fit.choice.half_life,
    )


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
    history = load_projection_history(db, every_count=True)  # counts at every month end
    if not any(s.start <= start for s in history.spells):
        raise BacktestError(f"no workforce history on or before {start.isoformat()}")
    return backtest_from(history, start, months)


def backtest_starts(history: ProjectionHistory, months: int, latest: date) -> list[date]:
    """Every half-yearly start with 24 months of history before it and ``months`` after, by
    ``latest`` (the last such start and every six months before it), oldest first."""
    first = first_month(history)
    if first is None:
        return []
    start = add_months_keeping_month_end(month_end(latest.year, latest.month), -months)
    if add_months_keeping_month_end(start, months) > latest:
        start = add_months_keeping_month_end(start, -1)
    starts = []
    while start >= add_months_keeping_month_end(first, MIN_HISTORY_MONTHS):
        starts.append(start)
        start = add_months_keeping_month_end(start, -6)
    return starts[::-1]


@dataclass(frozen=True, slots=True)
class BacktestSummary:
    """Backtests from every eligible start, and how the model did overall."""

    months: int
    results: tuple[BacktestResult, ...]
    #: The outputs scored (all of :data:`SCORED` unless asked for fewer).
    scored: tuple[str, ...] = SCORED

    def mean(self, output: str, which: str) -> float | None:
        """Mean over starts of one output's ``model``, ``naive`` or ``trend`` MAPE, or
        ``coverage``."""
        field = {"model": "model_mape", "naive": "naive_mape", "trend": "trend_mape"}.get(
            which, which
        )
        values = [getattr(r.score_of(output), field) for r in self.results]
        known = [v for v in values if v is not None]
        return sum(known) / len(known) if known else None

    def wins(self, output: str) -> int:
        """Starts at which the model beat "nothing changes" on ``output``."""
        return sum(1 for r in self.results if r.score_of(output).beats_naive)

    @property
    def headline(self) -> str:
        """One line for the Projections screen."""
        if not self.results:
            return "Not checked against the past: it needs 24 months of history before a start."
        model, naive = self.mean("in_post_fte", "model"), self.mean("in_post_fte", "naive")
        inside = self.mean("in_post_fte", "coverage")
        if model is None or naive is None or inside is None:
            return f"Checked on {len(self.results)} past starts: no in-post figures to score."
        return (
            f"Checked on {len(self.results)} past starts: in-post error {model:.1f} % against "
            f"{naive:.1f} % if nothing changes; {inside:.0f} % of actual months inside the "
            "10–90 % band"
        )


def run_backtests(
    db: Database,
    months: int,
    latest: date,
    runs: int = BACKTEST_RUNS,
    seed: int = 1,
    scored: tuple[str, ...] = SCORED,
) -> BacktestSummary:
    """Backtests from every half-yearly start with enough history (see :func:`backtest_starts`),
    scoring ``scored``: :data:`HEADLINE_SCORED` is enough for :attr:`BacktestSummary.headline`,
    and reads the counts of the starts alone rather than of every month end."""
    if months < 1:
        raise BacktestError(f"--months must be at least 1, not {months}")
    # a caseload scored needs the counts at every month end: read them all in one pass
    history = load_projection_history(db, every_count=scored != HEADLINE_SCORED)
    key = ("backtests", months, latest, runs, seed, scored)
    cached = history.memo.get(key)
    if cached is None:
        starts = backtest_starts(history, months, latest)
        results = tuple(backtest_from(history, s, months, runs, seed, scored) for s in starts)
        cached = BacktestSummary(months, results, scored)
        history.memo[key] = cached
    return cast(BacktestSummary, cached)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _scores_json(scores: list[OutputScore]) -> list[dict[str, Any]]:
    return [
        {
            "output": s.output,
            "model_mape": _r(s.model_mape),
            "naive_mape": _r(s.naive_mape),
            "trend_mape": _r(s.trend_mape),
            "coverage": _r(s.coverage),
            "beats_naive": s.beats_naive,
        }
        for s in scores
    ]


def backtest_json(result: BacktestResult) -> dict[str, Any]:
    """The backtest as JSON-ready data."""
    return {
        "from": result.start.isoformat(),
        "half_life_months": result.half_life,
        "months": list(result.months),
        "scores": _scores_json(result.scores),
        "monthly": [
            {
                "month": month,
                **{
                    o: {
                        "projected": _r(result.projected[o][i]),
                        "p10": _r(result.low[o][i]),
                        "p90": _r(result.high[o][i]),
                        "trend": _r(result.trend[o][i]),
                        "actual": _r(result.actual[o][i]),
                    }
                    for o in result.projected
                },
            }
            for i, month in enumerate(result.months)
        ],
    }


def summary_json(summary: BacktestSummary) -> dict[str, Any]:
    """Every start's scores, and the means and wins over them."""
    return {
        "months": summary.months,
        "starts": [
            {
                "from": r.start.isoformat(),
                "half_life_months": r.half_life,
                "scores": _scores_json(r.scores),
            }
            for r in summary.results
        ],
        "overall": {
            o: {
                "model_mape": _r(summary.mean(o, "model")),
                "naive_mape": _r(summary.mean(o, "naive")),
                "trend_mape": _r(summary.mean(o, "trend")),
                "coverage": _r(summary.mean(o, "coverage")),
                "wins": summary.wins(o),
                "starts": len(summary.results),
            }
            for o in summary.scored
        },
        "headline": summary.headline,
    }
