"""How long ``cswork --help`` and ``cswork summary`` take, beside a bare Python start.

Usage: ``python bench/cli_startup.py [--runs N]``. Generates the demo authority in a temporary
directory, then times each command as a fresh process (median of N runs) and prints the figures with
the bare interpreter start-up as the same-run baseline. Target: both commands well under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _median_seconds(command: list[str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    """Time the commands and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        cli = [python, "-m", "cswork"]
        subprocess.run(
            [*cli, "demo", "--db", db, "--no-open", "--seed", "7", "--as-at", "2025-09-30"],
            check=True,
            capture_output=True,
        )
        cases = {
            "python -c pass (baseline)": [python, "-c", "pass"],
            "cswork --help": [*cli, "--help"],
            "cswork summary": [*cli, "summary", "--db", db, "--as-at", "2025-09-30"],
            "cswork summary --json": [
                *cli,
                "summary",
                "--db",
                db,
                "--as-at",
                "2025-09-30",
                "--json",
            ],
        }
        baseline = None
        print(f"{'command':<28} {'median s':>9} {'x baseline':>11}")
        for name, command in cases.items():
            seconds = _median_seconds(command, args.runs)
            baseline = baseline or seconds
            print(f"{name:<28} {seconds:>9.3f} {seconds / baseline:>11.1f}")


if __name__ == "__main__":
    main()
