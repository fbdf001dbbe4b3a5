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

``--ceiling R`` also scores, on in-post and vacancy FTE, the best forecasts anyone could make of each
demo authority (see :mod:`cswork.demo.ceiling`): at each start, the median of R futures run on from
the generator's own state. The *ceiling*'s futures follow the policy to come (the surge, the
shape's changing rates, the agency drive); the *fair ceiling*'s keep the policy of the start, which
is all a forecast from the rates of the day can know. What neither can know is the luck of who
leaves and who is hired, so their wins against "nothing changes" are as many as a model could hope
for.

Run: ``python bench/backtest.py [--seeds 1 2 3 4 5] [--months 24] [--shapes surge steady ...]
[--ceiling 40]`` (the ceiling takes about a minute an authority).
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
    args = parser.parse_args()
    model_rows: list[tuple[str, int, dict[str, float]]] = []
    ceiling_rows: list[tuple[str, int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes:
            for seed in args.seeds:
                started = time.perf_counter()
                path = Path(folder) / f"{shape}-{seed}.db"
                store = open_db(path)
                generate_demo(store, seed=seed, as_at=AS_AT, history=shape)
                summary = run_backtests(store, args.months, AS_AT)
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


if __name__ == "__main__":
    main()
