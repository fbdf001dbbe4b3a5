"""Time ``cswork report`` in each format on the demo authority and on one ten times larger.

Usage: ``python bench/report.py [--runs N]``. Generates the demo (seed 7, as at 30 September 2025)
and a copy multiplied ten times (``bench/tui_startup.py``'s ``multiply``: the demo's teams, workers,
spells, establishment and caseloads nine more times under new names), then times a fresh
``cswork report --out FILE`` process per format (median of N runs, from just before the process
starts to its exit, so Python start-up and imports are included). The baseline timed in the same
run is a fresh ``cswork summary --json`` on the same database. Target: HTML under 3 s on the demo.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tui_startup import AS_AT, COPIES, multiply  # bench/ is on the path when run as a script

from cswork.demo import generate_demo
from cswork.store import open_db

FORMATS = ("html", "docx", "md")


def timed(command: list[str], runs: int) -> float:
    """Median wall time of ``command`` over ``runs`` runs (it must succeed)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Build both authorities, time every format on each, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        demo, large = Path(folder) / "demo.db", Path(folder) / "large.db"
        for path in (demo, large):
            store = open_db(path)
            generate_demo(store, seed=7, as_at=AS_AT)
            store.close()
        multiply(large, COPIES)
        cswork = [sys.executable, "-m", "cswork"]
        print(f"cswork report, median of {runs} runs (wall time of a fresh process)")
        for name, path in (("demo", demo), (f"{COPIES}x demo", large)):
            common = ["--db", str(path), "--as-at", AS_AT.isoformat()]
            baseline = timed([*cswork, "summary", *common, "--json"], runs)
            figures = []
            for fmt in FORMATS:
                out = Path(folder) / f"{path.stem}.{fmt}"
                # the first run stores the calibrated baseline scenario, as a user's first would
                seconds = timed([*cswork, "report", *common, "--out", str(out)], runs)
                figures.append(f"{fmt} {seconds:.2f} s ({out.stat().st_size / 1024:,.0f} KB)")
            print(f"  {name}: {', '.join(figures)}; baseline summary --json {baseline:.2f} s")


if __name__ == "__main__":
    main()
