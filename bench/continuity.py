"""How long an allocation history takes to import, beside reading the same file with ``csv``.

Usage: ``python bench/continuity.py [--children N]``. Writes a synthetic allocation history (default
20,000 children over three years, about 2.5 allocations each: a large authority's extract), then
times ``cswork import allocations`` in process (read, validate, count continuity, store the counts)
into a fresh database with a staff file of the workers, beside ``csv.reader`` over the same file,
and reports how long the counting itself takes (``continuity_counts``) and the peak memory.
Target: a large authority's history in a few seconds.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from cswork.model.continuity import Allocation, continuity_counts, month_ends_covered
from cswork.services.imports import run_import
from cswork.store import open_db

START, AS_AT = date(2022, 10, 1), date(2025, 9, 30)
TEAMS = tuple(f"Team {n}" for n in range(1, 13))
WORKERS = 400


def _history(children: int, seed: int = 1) -> list[Allocation]:
    rng = random.Random(seed)
    days = (AS_AT - START).days
    found = []
    for child in range(children):
        day = START + timedelta(days=rng.randrange(days))
        team = rng.choice(TEAMS)
        while day <= AS_AT:
            length = int(rng.expovariate(1 / 150)) + 1
            end = day + timedelta(days=length)
            worker = f"E{rng.randrange(WORKERS):05d}"
            found.append(Allocation(child, worker, team, day, end if end <= AS_AT else None))
            if end > AS_AT or rng.random() < 0.35:
                break
            day = end + timedelta(days=1)
            if rng.random() < 0.2:
                team = rng.choice(TEAMS)
    return found


def main() -> None:
    """Write the files, time the import and the counting, and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=20_000)
    args = parser.parse_args()
    history = _history(args.children)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        staff = folder / "staff.csv"
        with staff.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["Emp Ref", "Team", "Role", "Contract", "FTE", "Start", "End"])
            for n in range(WORKERS):
                end = "" if n % 5 else f"{AS_AT - timedelta(days=n):%d/%m/%Y}"
                writer.writerow(
                    [f"E{n:05d}", TEAMS[n % len(TEAMS)], 5, "Perm", 1, "01/01/2020", end]
                )
        path = folder / "allocations.csv"
        with path.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(
                ["LCS ID", "Allocated Worker", "Team", "Allocation Start", "Allocation End"]
            )
            for a in history:
                end = f"{a.end:%d/%m/%Y}" if a.end else ""
                writer.writerow(
                    [f"LCS{900000 + a.child}", a.worker, a.team, f"{a.start:%d/%m/%Y}", end]
                )
        started = time.perf_counter()
        with path.open(newline="") as source:
            rows = sum(1 for _ in csv.reader(source))
        reading = time.perf_counter() - started
        started = time.perf_counter()
        counted = continuity_counts(history, {}, month_ends_covered(START, AS_AT))
        counting = time.perf_counter() - started
        db = open_db(folder / "bench.db")
        assert run_import(db, "staff", staff).ok
        started = time.perf_counter()
        result = run_import(db, "allocations", path)
        importing = time.perf_counter() - started
        assert result.outcome == "ok", result.problems[:3]
        db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.children:,} children, {len(history):,} allocations ({rows - 1:,} rows)")
    print(f"{'step':<34} {'seconds':>8}")
    print(f"{'csv.reader over the file (baseline)':<34} {reading:>8.2f}")
    print(f"{'continuity_counts alone':<34} {counting:>8.2f}")
    print(f"{'cswork import allocations':<34} {importing:>8.2f}")
    print(f"{len(counted):,} team-month rows stored; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
