"""Time from process start to the Overview showing real figures, on the demo and a 10x authority.

Usage: ``python bench/tui_startup.py [--runs N]``. Generates the demo authority (seed 7, as at
30 September 2025) and one ten times larger (the demo's teams, workers, spells, establishment and
caseloads copied nine more times under new names), then for each starts a fresh Python process that
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


def multiply(path: Path, copies: int) -> None:
    """Add ``copies - 1`` more copies of every team's workforce and caseloads to the database."""
    db = open_db(path, create=False)
    conn = db.conn
    with db.atomic():
        teams = conn.execute("SELECT id, name, service_area, is_academy FROM teams").fetchall()
        workers = conn.execute("SELECT MAX(id) FROM workers").fetchone()[0]
        for copy in range(1, copies):
            team_map = {}
            for team_id, name, area, academy in teams:
                cursor = conn.execute(
                    "INSERT INTO teams (name, service_area, is_academy) VALUES (?, ?, ?)",
                    (f"{name} {copy + 1}", area, academy),
                )
                team_map[team_id] = cursor.lastrowid
            offset = workers * copy
            conn.execute(
                "INSERT INTO workers (id, employee_ref, qualified_date, cohort_id) "
                "SELECT id + ?, employee_ref || '-' || ?, qualified_date, cohort_id FROM workers "
                "WHERE id <= ?",
                (offset, copy + 1, workers),
            )
            for old, new in team_map.items():
                conn.execute(
                    "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, "
                    "start_date, end_date, leaving_reason, leaver_destination, agency_supplier, "
                    "agency_hourly_charge, covering_vacancy) SELECT worker_id + ?, ?, org_role, "
                    "contract, fte, start_date, end_date, leaving_reason, leaver_destination, "
                    "agency_supplier, agency_hourly_charge, covering_vacancy FROM role_spells "
                    "WHERE team_id = ? AND worker_id <= ?",
                    (offset, new, old, workers),
                )
                conn.execute(
                    "INSERT INTO establishment (team_id, org_role, funded_fte, effective_from) "
                    "SELECT ?, org_role, funded_fte, effective_from FROM establishment "
                    "WHERE team_id = ?",
                    (new, old),
                )
            conn.execute(
                "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
                "SELECT worker_id + ?, as_at, case_type, cases FROM caseloads WHERE worker_id <= ?",
                (offset, workers),
            )
    db.close()


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
        multiply(large, COPIES)
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
