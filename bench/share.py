"""How long refreshing the tables for outside readers takes, beside the reports it is made of.

Usage: ``python bench/share.py [--runs N]``. Generates the demo authority (seed 7, as at
30 September 2025) in a temporary directory, then times ``refresh_share_tables`` (60 monthly
positions, the pressure trend, cohorts, demand, indicators and the import log, written in one
transaction) beside ``build_summary`` and ``build_pressure``, in process, median of N runs. The
refresh runs inside every import, undo and settings change, so it should stay around a second.
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
from cswork.services.pressure import build_pressure
from cswork.services.share import refresh_share_tables
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
    """Time the refresh and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "demo.db")
        generate_demo(db, seed=7, as_at=AS_AT)
        cases: dict[str, Callable[[], object]] = {
            "build_summary (baseline)": lambda: build_summary(db, AS_AT),
            "build_pressure": lambda: build_pressure(db, AS_AT),
            "refresh_share_tables": lambda: refresh_share_tables(db, today=AS_AT),
        }
        baseline = None
        print(f"{'work':<28} {'median s':>9} {'x baseline':>11}")
        for name, work in cases.items():
            seconds = _median_seconds(work, args.runs)
            baseline = baseline or seconds
            print(f"{name:<28} {seconds:>9.3f} {seconds / baseline:>11.1f}")
        rows = sum(
            db.execute(f"SELECT COUNT(*) FROM [{name}]").fetchone()[0]
            for (name,) in db.execute("SELECT table_name FROM share_about")
        )
        print(f"{rows:,} rows in the share tables")
        db.close()


if __name__ == "__main__":
    main()
