"""Import speed and memory: ``cswork import`` against three baselines that do less.

Generates a 50,000-row staff CSV and a 200,000-row caseload CSV (50,000 workers x 4 case types) in a
temporary folder and times the validated import of each (in-process, through the same service the
CLI calls). In the same run it times three baselines, and prints each ratio (every time the best of
three runs):

- **bare**: the sqlite3 command-line shell's ``.import --csv`` of the same file into a bare table
  (all text, no keys, no indexes, no checks). If the shell is missing, Python's csv module with
  ``executemany`` into a bare table, and the script says so.
- **csv.reader**: Python's csv module reading the file into lists, which any import written in
  Python pays on top of the floor (so the floor plus it is the least such an import can take).
- **schema floor**: the same rows, already parsed and validated in memory, inserted with
  ``executemany`` into cswork's own tables (their keys, indexes, foreign keys and checks) in one
  transaction: what any import into this schema must pay before reading a single cell. The gap
  between the floor and the bare import is the cost of the schema; the gap between the import and
  the floor is the cost of parsing, validating, matching and journalling.

Every import also rewrites the ``share_*`` tables for outside readers (figures at every month end
for five years), which at 50,000 workers costs far more than the import itself; so each import's
time is also given without that refresh, and the refresh beside it. Times are CPU seconds (user +
system) of this process (the bare import's of its child), since the machine is shared and wall
time drifts with the load.

Then it prints the time to undo the caseload import and, in fresh subprocesses, the peak resident
memory (``ru_maxrss``) of importing 100,000 and 1,000,000 caseload rows, to show that memory does
not grow with the file.

Run: ``python bench/imports.py [--repeat N] [--no-memory]`` (several minutes: the share-table
refresh, at 50,000 workers, takes most of each import's time). Targets: within 1.5 x
the schema floor (issue 18); under 300 MB at a million rows.
"""

from __future__ import annotations

import argparse
import csv
import gc
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cswork.services.imports as imports_service
from cswork.services.imports import import_log, run_import, undo_import
from cswork.store import open_db

WORKERS = 50_000
#: Each timing is the best of this many runs, so that a busy machine distorts the ratio less.
REPEATS = 3
CASE_TYPES = ("CIN", "CP", "CLA", "CL")
TEAMS = [f"Team {n}" for n in range(1, 13)]


def write_staff(path: Path, workers: int = WORKERS) -> None:
    """One open role spell per worker, in the messy forms an HR extract uses."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Employee Number", "Team", "Job Title", "Contract Type", "FTE", "Start Date"])
        for n in range(workers):
            contract = ("Perm", "FTC", "Agency")[n % 3]
            title = ("Social Worker", "Senior Practitioner", "Team Manager")[n % 3]
            fte = ("1", "80%", "29.6 hrs", "0.5")[n % 4]
            start = f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2015 + n % 10}"
            out.writerow([f"E{n:07d}", TEAMS[n % len(TEAMS)], title, contract, fte, start])


def write_caseloads(path: Path, rows: int, workers: int = WORKERS) -> None:
    """Long counts: worker, as-at date, case type, cases; dates advance every workers x 4 rows."""
    per_date = workers * len(CASE_TYPES)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Worker", "As At", "Case Type", "Cases"])
        for n in range(rows):
            block, within = divmod(n, per_date)
            worker, kind = divmod(within, len(CASE_TYPES))
            as_at = f"28/{1 + block % 12:02d}/{2020 + block // 12}"
            out.writerow([f"E{worker:07d}", as_at, CASE_TYPES[kind], (n * 7) % 9])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_import(csv_path: Path, folder: Path) -> tuple[float, str]:
    """CPU seconds for the baseline import of ``csv_path`` into a bare table, and what it was."""
    target = folder / f"bare-{csv_path.stem}.db"
    target.unlink(missing_ok=True)
    shell = shutil.which("sqlite3")
    if shell:
        started = _children_cpu()
        subprocess.run(
            [shell, str(target), f".import --csv {csv_path} bare"], check=True, capture_output=True
        )
        return _children_cpu() - started, "sqlite3 shell .import --csv"
    started = time.process_time()
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        conn = sqlite3.connect(target)
        conn.execute(f"CREATE TABLE bare ({', '.join(f'c{i}' for i in range(len(header)))})")
        marks = ", ".join("?" for _ in header)
        conn.executemany(f"INSERT INTO bare VALUES ({marks})", rows)
        conn.commit()
        conn.close()
    return time.process_time() - started, "Python csv + executemany (no sqlite3 shell found)"


def csv_read(csv_path: Path) -> float:
    """CPU seconds for Python's ``csv.reader`` to read every row of ``csv_path`` into lists: what
    any import that reads the file in Python pays before parsing a cell."""
    gc.disable()  # as an import does while it reads (services.collector.building)
    try:
        started = time.process_time()
        with csv_path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        elapsed = time.process_time() - started
    finally:
        gc.enable()
    del rows
    return elapsed


def schema_floor(folder: Path) -> dict[str, float]:
    """CPU seconds to insert the bench's rows, already validated, into cswork's own tables.

    The values are what the staff and caseload imports write (one worker and one spell per staff
    row; one count per caseload row), built in memory before the clock starts.
    """
    target = folder / "floor.db"
    for stale in folder.glob("floor.db*"):
        stale.unlink()
    db = open_db(target)
    conn = db.conn
    teams = [(n + 1, name) for n, name in enumerate(TEAMS)]
    workers = [(n + 1, f"E{n:07d}") for n in range(WORKERS)]
    spells = [
        (
            n + 1,
            n + 1,
            1 + n % len(TEAMS),
            (6, 5, 3)[n % 3],
            ("Social Worker", "Senior Practitioner", "Team Manager")[n % 3],
            ("permanent", "fixed_term", "agency")[n % 3],
            (1.0, 0.8, 0.8, 0.5)[n % 4],
            f"{2015 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        )
        for n in range(WORKERS)
    ]
    counts = [
        (worker + 1, "2020-01-28", kind, (n * 7) % 9)
        for n, (worker, kind) in enumerate((w, k) for w in range(WORKERS) for k in CASE_TYPES)
    ]
    timings = {}
    started = time.process_time()
    with db.atomic():
        conn.executemany("INSERT INTO teams (id, name) VALUES (?, ?)", teams)
        conn.executemany("INSERT INTO workers (id, employee_ref) VALUES (?, ?)", workers)
        conn.executemany(
            "INSERT INTO role_spells (id, worker_id, team_id, org_role, job_title, contract, fte, "
            "start_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            spells,
        )
    timings["staff"] = time.process_time() - started
    started = time.process_time()
    with db.atomic():
        conn.executemany(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES (?, ?, ?, ?)",
            counts,
        )
    timings["caseloads"] = time.process_time() - started
    db.close()
    return timings


def timed_import(db_path: Path, kind: str, csv_path: Path) -> tuple[float, float]:
    """CPU seconds for a validated, journalled, logged import of ``csv_path``, and of them the
    seconds spent rewriting the share tables."""
    refresh = imports_service.refresh_share_tables
    spent = [0.0]

    def timed_refresh(*args: Any, **kwargs: Any) -> Any:
        began = time.process_time()
        try:
            return refresh(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - began

    db = open_db(db_path)
    imports_service.refresh_share_tables = timed_refresh
    try:
        started = time.process_time()
        result = run_import(db, kind, csv_path)
        elapsed = time.process_time() - started
    finally:
        imports_service.refresh_share_tables = refresh
    db.close()
    if result.outcome != "ok":
        raise SystemExit(f"{kind} import failed: {result.message} {result.problems[:3]}")
    return elapsed, spent[0]


def timed_undo(db_path: Path) -> float:
    """CPU seconds to undo the latest import in ``db_path`` (the caseloads), share tables too."""
    db = open_db(db_path)
    latest = import_log(db)[0]
    started = time.process_time()
    undo_import(db, latest.id)
    elapsed = time.process_time() - started
    db.close()
    return elapsed


_MEMORY_CHILD = """
import resource, sys
from pathlib import Path
sys.path.insert(0, {bench!r})
from imports import write_caseloads, write_staff
import cswork.services.imports as imports_service
from cswork.services.imports import import_log, run_import, undo_import
from cswork.store import open_db
folder = Path({folder!r})
rows = int(sys.argv[1])
staff, cases = folder / f"m-staff-{{rows}}.csv", folder / f"m-cases-{{rows}}.csv"
write_staff(staff)
write_caseloads(cases, rows)
db = open_db(folder / f"m-{{rows}}.db")
assert run_import(db, "staff", staff).outcome == "ok"
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = run_import(db, "caseloads", cases)
assert result.outcome == "ok", result.message
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, baseline, result.counts.read)
"""


def peak_memory(rows: int, folder: Path) -> tuple[float, float, int]:
    """Peak MB of a fresh process importing ``rows`` caseload rows, and its peak before them."""
    code = _MEMORY_CHILD.format(bench=str(Path(__file__).parent), folder=str(folder))
    out = subprocess.run(
        [sys.executable, "-c", code, str(rows)], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[0]) / 1024, int(out[1]) / 1024, int(out[2])


def main() -> None:
    """Run the comparisons and print the figures (each time the best of ``--repeat`` runs)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=REPEATS, help="Runs of each; best shown.")
    parser.add_argument(
        "--no-memory", action="store_true", help="Skip the peak-memory runs (minutes each)."
    )
    args = parser.parse_args()
    repeats = args.repeat
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        staff, cases = folder / "staff.csv", folder / "caseloads.csv"
        write_staff(staff)
        write_caseloads(cases, 200_000)
        ours: dict[str, list[tuple[float, float]]] = {"staff": [], "caseloads": []}
        floors: dict[str, list[float]] = {"staff": [], "caseloads": []}
        for run in range(repeats):
            db_path = (
                folder / f"cswork-{run}.db"
            )  # a fresh database: the same file twice is a no-op
            for kind, path in (("staff", staff), ("caseloads", cases)):
                ours[kind].append(timed_import(db_path, kind, path))
            for kind, seconds in schema_floor(folder).items():
                floors[kind].append(seconds)
        print("CPU seconds, best of", repeats)
        for kind, path in (("staff", staff), ("caseloads", cases)):
            bare, how = min(bare_import(path, folder) for _ in range(repeats))
            read = min(csv_read(path) for _ in range(repeats))
            rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
            best = min(total for total, _ in ours[kind])
            own = min(total - share for total, share in ours[kind])
            share = min(share for _, share in ours[kind])
            floor = min(floors[kind])
            print(
                f"{kind:10s} {rows:>9,} rows  cswork import {best:6.2f} s  "
                f"(without the share-table refresh {own:5.2f} s; the refresh {share:6.2f} s)  "
                f"bare {bare:5.2f} s  schema floor {floor:5.2f} s ({floor / bare:3.1f}x bare)  "
                f"ratio to floor {best / floor:5.1f}x, without the refresh {own / floor:4.2f}x; "
                f"csv.reader alone {read:4.2f} s, so floor + reading {(floor + read) / floor:4.2f}x"
                f" and the import {own / (floor + read):4.2f}x that"
            )
        print(f"(bare: {how})")
        print(
            f"undo       {200_000:>9,} caseload rows  {timed_undo(folder / 'cswork-0.db'):6.2f} s"
        )
        for rows in () if args.no_memory else (100_000, 1_000_000):
            peak, before, read = peak_memory(rows, folder)
            print(
                f"memory     {read:>9,} caseload rows  peak {peak:6.1f} MB "
                f"(after the 50,000-row staff import: {before:6.1f} MB)"
            )


if __name__ == "__main__":
    main()
