"""Time from process start to the Overview showing real figures, on the demo and a 10x authority.

Usage: ``python bench/tui_startup.py [--runs N]``. Generates the demo authority (seed 7, as at
30 September 2025) and one ten times larger (``cswork demo --scale 10``: the demo's workforce
copied into ten areas of one pooled authority), then for each starts a fresh Python process that
runs the app headless and reports the moment the Overview's tiles hold figures (this month's, with
the change since last month and England's) and the moment the 24-month sparklines are drawn too
(the Overview loads in those two stages). The parent measures from just before starting the process
(median of N runs). The same-run baseline is a fresh process running ``cswork summary --json`` on
the same database. Target: figures under 1 s for the demo.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from cswork.demo import generate_demo
from cswork.demo.scale import scale_demo
from cswork.store import open_db

AS_AT = date(2025, 9, 30)
COPIES = 10

CHILD = """
import sys, time
from datetime import date
from cswork.tui.app import make_app
from cswork.tui.widgets.tile import FigureTile

async def wait_for_figures(pilot):
    while True:
        await pilot.pause(0.005)
        tiles = list(pilot.app.screen.query(FigureTile))
        if tiles and all(t.query_one(".tile-value").render().plain for t in tiles):
            break
    figures = time.time()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    print(figures, time.time(), flush=True)
    pilot.app.exit()

make_app(sys.argv[1], today=date(2025, 9, 30)).run(
    headless=True, size=(120, 40), auto_pilot=wait_for_figures
)
"""

SUMMARY = [sys.executable, "-m", "cswork", "summary", "--json", "--as-at", AS_AT.isoformat()]


def _app_start(path: Path) -> tuple[float, float]:
    """Seconds from starting the process to the tiles' figures, and to the trends drawn too."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True
    )
    figures, trends = (float(t) for t in done.stdout.split())
    return figures - started, trends - started


def _summary(path: Path) -> float:
    started = time.time()
    subprocess.run([*SUMMARY, "--db", str(path)], check=True, capture_output=True)
    return time.time() - started


def main() -> None:
    """Build both authorities, time the app's start and the summary, and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.db"
        db = open_db(demo)
        generate_demo(db, seed=7, as_at=AS_AT)
        db.close()
        large = Path(tmp) / "large.db"
        large.write_bytes(demo.read_bytes())
        db = open_db(large, create=False)
        scale_demo(db, COPIES)
        db.close()
        print(
            f"{'authority':<12} {'workers':>8} {'figures s':>10} {'trends s':>9} "
            f"{'summary s':>10} {'figures/summary':>16}"
        )
        for name, path in (("demo", demo), (f"{COPIES}x demo", large)):
            check = open_db(path, create=False)
            workers = check.execute("SELECT COUNT(*) FROM workers").fetchone()[0]
            check.close()
            starts = [_app_start(path) for _ in range(args.runs)]
            figures = statistics.median(f for f, _ in starts)
            trends = statistics.median(t for _, t in starts)
            summary = statistics.median(_summary(path) for _ in range(args.runs))
            print(
                f"{name:<12} {workers:>8} {figures:>10.2f} {trends:>9.2f} "
                f"{summary:>10.2f} {figures / summary:>16.1f}"
            )


if __name__ == "__main__":
    main()
