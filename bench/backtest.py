"""Benchmark of forecasting skill: the model against "nothing changes" on the demo's own past.

For demo seeds 1-5 and each history shape (surge then recovery, steady, shrinking, agency-reduction
drive), as at 30 September 2025: backtests over 24 months from every half-yearly start with 24
months of history before it (seven starts), and for each authority the number of starts at which the
model's median beats "nothing changes" on in-post FTE and on vacancy FTE, the mean errors, and the
share of actual months inside the model's 10-90 % band (in-post and vacancy FTE); then the same
for average caseload (wins, model and "nothing changes" errors, band coverage). In the table, "naive"
is the error of "nothing changes" and "err" the model's (mean absolute percentage error); a shape's
row adds up the wins and averages the rest.

Target: the model wins at 6 or more of every 7 starts on both, and coverage lies between 70 % and
90 %.

``--ceiling R`` also scores the best forecast anyone could make of each demo authority (see
:mod:`cswork.demo.ceiling`): at each start, the median of R futures run on from the generator's own
state, which knows every rate and every change of policy to come. Its wins against "nothing
changes" are how many a model could hope for; the rest is the luck of who leaves and who is hired.

Run: ``python bench/backtest.py [--seeds 1 2 3 4 5] [--months 24] [--shapes surge steady ...]
[--ceiling 40]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from cswork.demo import generate_demo
from cswork.demo.ceiling import generator_futures
from cswork.demo.shapes import SHAPES
from cswork.model.projection.backtest import mape
from cswork.services.backtest import BacktestSummary, run_backtests
from cswork.store import open_db

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
    """The generator's own expected path at the starts ``summary`` scored: its wins against
    "nothing changes" and its mean error, on in-post and on vacancy FTE."""
    futures = generator_futures(
        seed, AS_AT, shape, [r.start for r in summary.results], summary.months, replicates
    )
    figures: dict[str, float] = {}
    for output in CEILING:
        name = OUTPUTS[output]
        errors = [mape(f.expected[output], f.actual[output]) or 0.0 for f in futures]
        naive = [mape([f.then[output]] * summary.months, f.actual[output]) or 0.0 for f in futures]
        figures[f"ceiling {name} wins"] = sum(e < n for e, n in zip(errors, naive, strict=True))
        figures[f"ceiling {name} err"] = sum(errors) / len(errors) if errors else 0.0
    return figures


def columns(ceiling: bool) -> list[str]:
    """The table's columns after shape and seed (each "output figure")."""
    names = ["starts"]
    for name in OUTPUTS.values():
        names += [f"{name} wins", f"{name} err", f"{name} no change", f"{name} cover"]
    if ceiling:
        for output in CEILING:
            names += [f"ceiling {OUTPUTS[output]} wins", f"ceiling {OUTPUTS[output]} err"]
    return names


#: Width of each figure's column.
WIDTH = 8


def headers(names: list[str]) -> str:
    """Two header lines: each output over its group of columns, then each column's figure."""
    spans: list[list[str]] = []  # [group, figure, figure, ...]
    for name in names:
        group, _, figure = name.rpartition(" ")
        if figure == "change":
            group, figure = group.removesuffix(" no"), "naive"
        if not spans or spans[-1][0] != group:
            spans.append([group])
        spans[-1].append(figure)
    groups = "".join(
        f" {span[0]:-^{WIDTH * (len(span) - 1) - 1}}" if span[0] else " " * WIDTH * (len(span) - 1)
        for span in spans
    )
    figures = "".join(f"{figure:>{WIDTH}}" for span in spans for figure in span[1:])
    return f"{'':<28}{groups}\n{'shape':<23}{'seed':>5}{figures}"


def cell(name: str, value: float) -> str:
    """One figure: counts whole, errors and coverage as percentages."""
    if name == "starts" or name.endswith("wins"):
        return f"{value:>{WIDTH}.0f}"
    return f"{value:>{WIDTH - 1}.{0 if name.endswith('cover') else 1}f}%"


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
    args = parser.parse_args()
    names = columns(bool(args.ceiling))
    print(headers(names))
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes:
            rows: list[dict[str, float]] = []
            for seed in args.seeds:
                started = time.perf_counter()
                path = Path(folder) / f"{shape}-{seed}.db"
                store = open_db(path)
                generate_demo(store, seed=seed, as_at=AS_AT, history=shape)
                summary = run_backtests(store, args.months, AS_AT)
                store.close()
                row = model_figures(summary)
                if args.ceiling:
                    row |= ceiling_figures(summary, seed, shape, args.ceiling)
                rows.append(row)
                print(
                    f"{shape:<23}{seed:>5}"
                    + "".join(cell(n, row[n]) for n in names)
                    + f"  {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
            total = {
                n: sum(r[n] for r in rows)
                / (1 if n == "starts" or n.endswith("wins") else len(rows))
                for n in names
            }
            print(f"{shape + ' (all)':<28}" + "".join(cell(n, total[n]) for n in names), flush=True)


if __name__ == "__main__":
    main()
