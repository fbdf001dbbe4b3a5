"""Benchmark of forecasting skill: the model against "nothing changes" on the demo's own past.

For demo seeds 1-5 and each history shape (surge then recovery, steady, shrinking, agency-reduction
drive), as at 30 September 2025: backtests over 24 months from every half-yearly start with 24
months of history before it (seven starts), and for each authority the number of starts at which the
model's median beats "nothing changes" on in-post FTE and on vacancy FTE, the mean errors, and the
share of actual months inside the model's 10-90 % band (in-post and vacancy FTE); then the same
for average caseload (wins, model and "nothing changes" errors, band coverage). In the table, "naive"
is the error of "nothing changes" and "err" the model's (mean absolute percentage error); a shape's
row adds up the wins and averages the rest.

``--ceiling R`` also scores, on in-post and vacancy FTE, the best forecasts anyone could make of each
demo authority (see :mod:`cswork.demo.ceiling`): at each start, the median of R futures run on from
the generator's own state. The *ceiling*'s futures follow the policy to come (the surge, the
shape's changing rates, the agency drive); the *fair ceiling*'s keep the policy of the start, which
is all a forecast from the rates of the day can know. What neither can know is the luck of who
leaves and who is hired, so their wins against "nothing changes" are as many as a model could hope
for.

Target, per shape over its 35 starts, on in-post FTE and on vacancy FTE: the model wins at least as
often as the fair ceiling less 3, its mean error is at most the fair ceiling's plus half a point,
and its band holds 70-90 % of the actual months. (Winning at 6 of every 7 starts, the first target,
is beyond even the ceiling on most shapes: the luck of who leaves and who is hired decides close
starts.) With ``--ceiling`` the table ends with each shape's figures against this target.

``--hindsight`` also scores the model run from each start with the rates that then happened (each
band's leaver rate, the vacancy fill rate and the agency conversion rate over the months
projected, luck and all), everything else as calibrated: how well the model's stock-and-flow would
forecast if its rates were right, so what is left of its error is the rates' (their drift and the
luck of a few dozen hires and leavers a year), not the structure's. ``docs/forecasting.md`` has
the figures, where the gap to the target lies and what was tried.

Run: ``python bench/backtest.py [--seeds 1 2 3 4 5] [--months 24] [--shapes surge steady ...]
[--ceiling 40] [--hindsight]`` (the ceiling takes about a minute an authority).
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from cswork.demo import generate_demo
from cswork.demo.ceiling import generator_futures
from cswork.demo.shapes import SHAPES
from cswork.model.months import add_months_keeping_month_end
from cswork.model.projection.assumptions import BANDS
from cswork.model.projection.backtest import mape
from cswork.model.projection.history import MonthRecord
from cswork.services.backtest import BACKTEST_RUNS, BacktestSummary, run_backtests
from cswork.services.projection import (
    baseline_from,
    calibrate,
    load_projection_history,
    monthly_records,
    project_state,
    starting_state,
)
from cswork.store import Database, open_db

AS_AT = date(2025, 9, 30)


#: The outputs scored, with their short names in the table.
OUTPUTS = {"in_post_fte": "in-post", "vacancy_fte": "vacancy", "caseload": "caseload"}
#: The outputs the ceiling follows.
CEILING = ("in_post_fte", "vacancy_fte")


def model_figures(summary: BacktestSummary) -> dict[str, float]:
    """Wins against "nothing changes", mean errors (model and "nothing changes") and band coverage
    of each output over the starts of one authority."""
    figures: dict[str, float] = {"starts": len(summary.results)}
    for output, name in OUTPUTS.items():
        figures[f"{name} wins"] = summary.wins(output)
        figures[f"{name} err"] = summary.mean(output, "model") or 0.0
        figures[f"{name} no change"] = summary.mean(output, "naive") or 0.0
        figures[f"{name} cover"] = summary.mean(output, "coverage") or 0.0
    return figures


def ceiling_figures(
    summary: BacktestSummary, seed: int, shape: str, replicates: int
) -> dict[str, float]:
    """Beside the model's wins and mean error on in-post and vacancy FTE at the starts ``summary``
    scored, the generator's own expected path's, with foresight and without."""
    figures: dict[str, float] = {}
    for output in CEILING:
        name = OUTPUTS[output]
        figures[f"{name} model wins"] = summary.wins(output)
        figures[f"{name} model err"] = summary.mean(output, "model") or 0.0
    for foresight, label in ((True, "ceiling"), (False, "fair ceiling")):
        futures = generator_futures(
            seed,
            AS_AT,
            shape,
            [r.start for r in summary.results],
            summary.months,
            replicates,
            foresight=foresight,
        )
        for output in CEILING:
            name = OUTPUTS[output]
            # starts where both errors are defined (an actual of zero throughout has none), as the
            # model's wins and means leave such starts out
            scored = [
                (e, n)
                for f in futures
                if (e := mape(f.expected[output], f.actual[output])) is not None
                and (n := mape([f.then[output]] * summary.months, f.actual[output])) is not None
            ]
            figures[f"{name} {label} wins"] = sum(e < n for e, n in scored)
            figures[f"{name} {label} err"] = (
                sum(e for e, _ in scored) / len(scored) if scored else 0.0
            )
    return figures


def realised_rates(records: Sequence[MonthRecord], start: date, months: int) -> dict[str, Any]:
    """The rates that happened in the ``months`` months after ``start``, as assumptions: each
    band's leavers per person-year, hires a month per FTE vacant the month before, and the share
    of agency workers converting a year (a rate is left out where nothing was at risk)."""
    end = add_months_keeping_month_end(start, months)
    after = [r for r in records if start < r.end <= end]
    before = [r for r in records if start <= r.end < end]
    rates: dict[str, Any] = {}
    for i, band in enumerate(BANDS):
        exposure = sum(r.exposure[i] for r in after)
        if exposure > 0:
            rates[f"leaver_rate_{band}"] = min(sum(r.leavers[i] for r in after) / exposure, 5.0)
    vacant = sum(r.vacancy_fte for r in before)
    if vacant > 0:
        rates["vacancy_fill_rate"] = min(sum(r.hires for r in after) / vacant, 1.0)
    heads = sum(r.agency_heads for r in before)
    if heads > 0:
        monthly = sum(r.conversions for r in after) / heads
        rates["agency_conversion_rate"] = min(-math.expm1(-12.0 * monthly), 1.0)
    return rates


def hindsight_figures(db: Database, summary: BacktestSummary) -> dict[str, float]:
    """Beside the model's wins and mean error on in-post and vacancy FTE, the same model's run
    from each start with the rates that then happened (:func:`realised_rates`)."""
    history = load_projection_history(db)
    records = monthly_records(history)
    figures: dict[str, float] = {}
    scored: dict[str, list[tuple[float, float]]] = {output: [] for output in CEILING}
    for result in summary.results:
        fit = calibrate(history, result.start)
        assumptions = replace(
            baseline_from(history, fit), **realised_rates(records, result.start, summary.months)
        )
        state = starting_state(history, result.start, fit.fit)
        bands = project_state(state, assumptions, summary.months, BACKTEST_RUNS, 1)
        for output in CEILING:
            actual = result.actual[output]
            error = mape([float(v) for v in bands[output].p50[1:]], actual)
            naive = mape([result.naive[output]] * summary.months, actual)
            if error is not None and naive is not None:
                scored[output].append((error, naive))
    for output in CEILING:
        name = OUTPUTS[output]
        figures[f"{name} model wins"] = summary.wins(output)
        figures[f"{name} model err"] = summary.mean(output, "model") or 0.0
        pairs = scored[output]
        figures[f"{name} hindsight wins"] = sum(e < n for e, n in pairs)
        figures[f"{name} hindsight err"] = sum(e for e, _ in pairs) / len(pairs) if pairs else 0.0
    return figures


def hindsight_columns() -> list[str]:
    """The hindsight table's columns after shape and seed."""
    return [
        f"{OUTPUTS[output]} {who} {figure}"
        for output in CEILING
        for who in ("model", "hindsight")
        for figure in ("wins", "err")
    ]


#: The target: wins at most this many below the fair ceiling's, ...
TARGET_WINS_BELOW = 3
#: ... a mean error at most this many points above it, ...
TARGET_ERROR_ABOVE = 0.5
#: ... and a band holding this share of the actual months (%).
TARGET_COVERAGE = (70.0, 90.0)


def target_lines(
    model_rows: list[tuple[str, int, dict[str, float]]],
    ceiling_rows: list[tuple[str, int, dict[str, float]]],
) -> list[str]:
    """Each shape's in-post and vacancy figures against the target (see the module's doc)."""
    lines = []
    low, high = TARGET_COVERAGE
    for shape in dict.fromkeys(shape for shape, _, _ in model_rows):
        model = [f for s, _, f in model_rows if s == shape]
        ceiling = [f for s, _, f in ceiling_rows if s == shape]
        parts = []
        for output in CEILING:
            name = OUTPUTS[output]
            wins = sum(f[f"{name} wins"] for f in model)
            starts = sum(f["starts"] for f in model)
            error = sum(f[f"{name} err"] for f in model) / len(model)
            cover = sum(f[f"{name} cover"] for f in model) / len(model)
            fair_wins = sum(f[f"{name} fair ceiling wins"] for f in ceiling)
            fair_error = sum(f[f"{name} fair ceiling err"] for f in ceiling) / len(ceiling)
            needed = fair_wins - TARGET_WINS_BELOW
            allowed = fair_error + TARGET_ERROR_ABOVE
            parts.append(
                f"{name}: wins {wins:.0f}/{starts:.0f} (needs {needed:.0f}) "
                f"{_yes(wins >= needed)}, error {error:.1f}% (needs at most {allowed:.1f}%) "
                f"{_yes(error <= allowed)}, cover {cover:.1f}% {_yes(low <= cover <= high)}"
            )
        lines.append(f"{shape:<17} " + "; ".join(parts))
    return lines


def _yes(met: bool) -> str:
    return "met" if met else "NOT met"


def columns() -> list[str]:
    """The model table's columns after shape and seed (each "output figure")."""
    names = ["starts"]
    for name in OUTPUTS.values():
        names += [f"{name} wins", f"{name} err", f"{name} no change", f"{name} cover"]
    return names


def ceiling_columns() -> list[str]:
    """The ceiling table's columns after shape and seed."""
    return [
        f"{OUTPUTS[output]} {who} {figure}"
        for output in CEILING
        for who in ("model", "ceiling", "fair ceiling")
        for figure in ("wins", "err")
    ]


def headers(names: list[str], width: int) -> str:
    """Two header lines: each group (all but a column's last word) over its columns, then each
    column's last word ("no change" is shown as "naive")."""
    spans: list[list[str]] = []  # [group, figure, figure, ...]
    for name in names:
        group, _, figure = name.rpartition(" ")
        if figure == "change":
            group, figure = group.removesuffix(" no"), "naive"
        if not spans or spans[-1][0] != group:
            spans.append([group])
        spans[-1].append(figure)
    groups = "".join(
        f" {span[0]:-^{width * (len(span) - 1) - 1}}" if span[0] else " " * width * (len(span) - 1)
        for span in spans
    )
    figures = "".join(f"{figure:>{width}}" for span in spans for figure in span[1:])
    return f"{'':<28}{groups}\n{'shape':<23}{'seed':>5}{figures}"


def table(
    title: str, names: list[str], rows: list[tuple[str, int, dict[str, float]]], width: int = 8
) -> None:
    """Print ``rows`` (shape, seed, figures) under ``title``, each shape followed by its total
    (wins added up, the rest averaged), each figure ``width`` wide."""
    print(f"\n{title}\n{headers(names, width)}")
    for shape in dict.fromkeys(shape for shape, _, _ in rows):
        mine = [figures for s, _, figures in rows if s == shape]
        for s, seed, figures in rows:
            if s == shape:
                print(f"{shape:<23}{seed:>5}" + "".join(cell(n, figures[n], width) for n in names))
        total = {
            n: sum(r[n] for r in mine) / (1 if n == "starts" or n.endswith("wins") else len(mine))
            for n in names
        }
        print(
            f"{shape + ' (all)':<28}" + "".join(cell(n, total[n], width) for n in names),
            flush=True,
        )


def cell(name: str, value: float, width: int) -> str:
    """One figure: counts whole, errors and coverage as percentages."""
    if name == "starts" or name.endswith("wins"):
        return f"{value:>{width}.0f}"
    return f"{value:>{width - 1}.{0 if name.endswith('cover') else 1}f}%"


def main() -> None:
    """Print one row per authority and a total per shape (wins added up, the rest averaged)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--months", type=int, default=24, choices=(12, 24))
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument(
        "--ceiling",
        type=int,
        default=0,
        metavar="R",
        help="Also score the generator's own expected path (median of R futures); slow.",
    )
    parser.add_argument(
        "--hindsight",
        action="store_true",
        help="Also score the model run with the rates that then happened.",
    )
    args = parser.parse_args()
    model_rows: list[tuple[str, int, dict[str, float]]] = []
    ceiling_rows: list[tuple[str, int, dict[str, float]]] = []
    hindsight_rows: list[tuple[str, int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes:
            for seed in args.seeds:
                started = time.perf_counter()
                path = Path(folder) / f"{shape}-{seed}.db"
                store = open_db(path)
                generate_demo(store, seed=seed, as_at=AS_AT, history=shape)
                summary = run_backtests(store, args.months, AS_AT)
                if args.hindsight:
                    hindsight_rows.append((shape, seed, hindsight_figures(store, summary)))
                store.close()
                model_rows.append((shape, seed, model_figures(summary)))
                if args.ceiling:
                    ceiling_rows.append(
                        (shape, seed, ceiling_figures(summary, seed, shape, args.ceiling))
                    )
                print(f"{shape} {seed}: {time.perf_counter() - started:.0f} s", flush=True)
    table(
        f'The model against "nothing changes" ({args.months} months from each start)',
        columns(),
        model_rows,
    )
    if args.ceiling:
        table(
            f"The model beside the generator's own expected path (median of {args.ceiling} "
            "futures from its state at each start): the ceiling follows the policy to come, the "
            "fair ceiling keeps the start's",
            ceiling_columns(),
            ceiling_rows,
            width=11,
        )
        print(
            f"\nAgainst the target (wins at least the fair ceiling's less {TARGET_WINS_BELOW}, "
            f"error at most its plus {TARGET_ERROR_ABOVE} point, {TARGET_COVERAGE[0]:.0f}-"
            f"{TARGET_COVERAGE[1]:.0f} % of actual months inside the band)"
        )
        for line in target_lines(model_rows, ceiling_rows):
            print(line)
    if args.hindsight:
        table(
            "The model beside itself run with hindsight (the leaver, fill and conversion rates "
            "that then happened)",
            hindsight_columns(),
            hindsight_rows,
            width=11,
        )


if __name__ == "__main__":
    main()
