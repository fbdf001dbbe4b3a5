"""How long the pressure and cohort reports take to build, beside the summary.

Usage: ``python bench/pressure.py [--runs N]``. Generates the demo authority (seed 7, as at
30 September 2025) in a temporary directory, then times ``build_pressure`` (which computes every
team's pressure at each of the 61 stored months for the trend), ``build_pressure`` for one team, and
``build_cohorts``, in process, median of N runs, with ``build_summary`` as the same-run baseline.
Target: each well under a second, so the TUI's worker threads return promptly.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cswork.demo import generate_demo
from cswork.services.cohorts import build_cohorts
from cswork.services.pressure import build_pressure
from cswork.services.summary import build_summary
from cswork.store import open_db

AS_AT = date(2025, 9, 30)


def _median_seconds(work: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    """Time the reports and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "demo.db")
        generate_demo(db, seed=7, as_at=AS_AT)
        cases: dict[str, Callable[[], object]] = {
            "build_summary (baseline)": lambda: build_summary(db, AS_AT),
            "build_pressure": lambda: build_pressure(db, AS_AT),
            "build_pressure --team": lambda: build_pressure(db, AS_AT, "Care Leavers"),
            "build_cohorts": lambda: build_cohorts(db, AS_AT),
        }
        baseline = None
        print(f"{'report':<28} {'median s':>9} {'x baseline':>11}")
        for name, work in cases.items():
            seconds = _median_seconds(work, args.runs)
            baseline = baseline or seconds
            print(f"{name:<28} {seconds:>9.3f} {seconds / baseline:>11.1f}")
        db.close()


if __name__ == "__main__":
    main()
