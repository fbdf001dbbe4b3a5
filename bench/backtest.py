"""Benchmark of forecasting skill: the model against "nothing changes" on the demo's own past.

For demo seeds 1-5 and each history shape (surge then recovery, steady, shrinking, agency-reduction
drive), as at 30 September 2025: backtests over 24 months from every half-yearly start with 24
months of history before it (seven starts), and for each authority the number of starts at which the
model's median beats "nothing changes" on in-post FTE and on vacancy FTE, the mean errors, and the
share of actual months inside the model's 10-90 % band (in-post and vacancy FTE); then the same
for average caseload (wins, model and "nothing changes" errors, band coverage).

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


def ceiling_wins(summary: BacktestSummary, seed: int, shape: str, replicates: int) -> list[int]:
    """Starts at which the generator's own expected path beats "nothing changes", on in-post and
    on vacancy FTE, at the starts ``summary`` scored."""
    futures = generator_futures(
        seed, AS_AT, shape, [r.start for r in summary.results], summary.months, replicates
    )
    wins = []
    for output in ("in_post_fte", "vacancy_fte"):
        wins.append(
            sum(
                1
                for f in futures
                if (mape(f.expected[output], f.actual[output]) or 0.0)
                < (mape([f.then[output]] * summary.months, f.actual[output]) or 0.0)
            )
        )
    return wins


def main() -> None:
    """Print one row per authority and a total per shape."""
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
    header = (
        f"{'shape':<23}{'seed':>5}{'starts':>7}{'in-post wins':>13}{'vacancy wins':>13}"
        f"{'in-post err':>12}{'no change':>10}{'vac err':>9}{'no change':>10}"
        f"{'cover in-post':>14}{'cover vac':>10}"
        f"{'caseload wins':>14}{'cl err':>7}{'no change':>10}{'cover cl':>9}{'secs':>6}"
        + (f"{'ceiling in-post':>16}{'ceiling vac':>12}" if args.ceiling else "")
    )
    print(header)
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes:
            starts = post = vacancy = caseload = best_post = best_vacancy = 0
            cover: list[tuple[float, float, float]] = []
            for seed in args.seeds:
                started = time.perf_counter()
                path = Path(folder) / f"{shape}-{seed}.db"
                store = open_db(path)
                generate_demo(store, seed=seed, as_at=AS_AT, history=shape)
                summary = run_backtests(store, args.months, AS_AT)
                store.close()
                seconds = time.perf_counter() - started
                best = ceiling_wins(summary, seed, shape, args.ceiling) if args.ceiling else []
                best_post += sum(best[:1])
                best_vacancy += sum(best[1:])
                inside = (
                    summary.mean("in_post_fte", "coverage") or 0.0,
                    summary.mean("vacancy_fte", "coverage") or 0.0,
                    summary.mean("caseload", "coverage") or 0.0,
                )
                starts += len(summary.results)
                post += summary.wins("in_post_fte")
                vacancy += summary.wins("vacancy_fte")
                caseload += summary.wins("caseload")
                cover.append(inside)
                print(
                    f"{shape:<23}{seed:>5}{len(summary.results):>7}"
                    f"{summary.wins('in_post_fte'):>13}{summary.wins('vacancy_fte'):>13}"
                    f"{summary.mean('in_post_fte', 'model') or 0:>11.1f}%"
                    f"{summary.mean('in_post_fte', 'naive') or 0:>9.1f}%"
                    f"{summary.mean('vacancy_fte', 'model') or 0:>8.1f}%"
                    f"{summary.mean('vacancy_fte', 'naive') or 0:>9.1f}%"
                    f"{inside[0]:>13.0f}%{inside[1]:>9.0f}%"
                    f"{summary.wins('caseload'):>14}"
                    f"{summary.mean('caseload', 'model') or 0:>6.1f}%"
                    f"{summary.mean('caseload', 'naive') or 0:>9.1f}%"
                    f"{inside[2]:>8.0f}%"
                    f"{seconds:>6.1f}" + (f"{best[0]:>16}{best[1]:>12}" if best else ""),
                    flush=True,
                )
            mean = [sum(c[i] for c in cover) / len(cover) for i in range(3)]
            print(
                f"{shape + ' (all)':<23}{'':>5}{starts:>7}{post:>13}{vacancy:>13}"
                f"{'':>12}{'':>10}{'':>9}{'':>10}"
                f"{mean[0]:>13.0f}%{mean[1]:>9.0f}%{caseload:>14}{'':>7}{'':>10}{mean[2]:>8.0f}%"
                + (f"{'':>6}{best_post:>16}{best_vacancy:>12}" if args.ceiling else ""),
                flush=True,
            )


if __name__ == "__main__":
    main()
