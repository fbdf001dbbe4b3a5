"""Regional scale: every figure of issue 18 on a pooled authority N times the demo, beside the demo.

Usage: ``python bench/scale.py [--scale N] [--repeat R] [--only NAME ...]``. Builds the demo (seed 7,
as at 30 September 2025) and ``cswork demo --scale N`` (default 50: 49,800 workers, 2.1 million
caseload counts) in a temporary directory, then times each command as a fresh process, whole
process: wall seconds from start to exit and peak resident memory (the child's own ``ru_maxrss``),
best of R runs (default 3; wall and memory each their best). The demo's figure, measured in the same
run, stands beside each, because this machine is shared and absolute times drift; so does each
figure's CPU time (user + system, all threads), which a busy machine inflates far less than wall.

The app is driven headless at 120×40: seconds from process start to the Overview's figures, to its
trends too, then from switching to each other screen until its data is shown and its workers are
done (``nan`` for a stage not shown within four minutes); for the Projections screen, also until
the projection alone is shown (``app: projections, projection shown``: its one-line check against
the authority's past follows in a worker of its own, and its screen figure waits for that too). Each app run starts with no derived figures kept in the store
(``derived_figures`` emptied, as after any change to the data): the cold figures, a user's first
look after an import. The baseline scenario is stored before the first run, as after the first look
at the Projections screen ever. The app is driven as the command line runs it: while the first
screens are read, the Projections screen's figures are worked out ahead in a second process
(``cswork.services.ahead``). Three more runs on the same file measure the Projections screen in the
other ways a user meets it: with the figures the first run kept (``app: projections screen, kept``:
every later look while the data stays the same); with nothing worked out ahead, the screen working
every figure out itself (``..., no work ahead``: the app opened on the Projections screen, or a
scenario other than the baseline); opened straight after the first figures, while the work
ahead is still under way (``app: projections straight after start``); and the app opened on the
Projections screen, remembered from last time (``app: opened on projections``, from the process's
start: the screen works its view out while its line of past skill is worked out in a second
process). Each row is printed as soon as it is measured.
``--only`` words pick figures by name, the app's too (``--only project projections academy`` times
the two ``project`` commands and the Projections and Academy screens; the app still visits every
screen).

Before timing, cswork's own modules are compiled to bytecode (``compileall``), as pip does when it
installs the wheel: with ``PYTHONDONTWRITEBYTECODE`` set (as on the shared machine) an editable
install otherwise compiles every cswork module from source in every process, 0.03-0.05 s of each
start that no installed copy pays. ``--no-compile`` times it that way regardless.

Targets (issue 18), at N times the demo: summary < 1 s, pressure < 2 s, project 10,000 runs × 60
months < 3 s, app first figures < 1 s and every screen < 2 s, each under 500 MB; 100,000 runs under
600 MB; export csww under summary + 0.5 s. On the demo: --help and summary < 0.2 s, first figures
< 0.6 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

AS_AT = "2025-09-30"
MB = 1024  # ru_maxrss is in kilobytes on Linux

CLI = [sys.executable, "-m", "cswork"]

APP = """
import asyncio, json, sys, time
from datetime import date
from cswork.tui.app import make_app
from cswork.tui.widgets.tile import FigureTile

from cswork.tui.modes import SCREENS

MODES = [screen.mode for screen in SCREENS if screen.mode != "overview"]
WAY = sys.argv[3]  # "tour": every screen in turn; "alone": so, no work ahead; "straight"; "opened"
times = {}

async def look():
    # Look every 5 ms without stirring the app; a stage is timed once its data is shown and painted.
    # A pilot pause at each look would make every widget on the screen process a message and
    # repaint the whole screen, two hundred times a second, and count that as the screen's CPU:
    # 2.5 to 4 s of the Projections screen's 8.7 to 10 s of CPU at 50x was that polling.
    await asyncio.sleep(0.005)

async def settled(pilot, screen, limit=240.0, workers=True):
    # With workers=False, as soon as the screen's data is shown, though a worker of its own is
    # still busy (the Projections screen's check against the past follows its projection).
    begun = time.time()
    while True:
        await look()
        if time.time() - begun > limit:  # never shown: say so rather than wait for ever
            return float("nan")
        if pilot.app.screen is not screen or screen._shown_as_at is None:
            continue
        if workers and any(w.node is screen and not w.is_finished for w in pilot.app.workers):
            continue
        if screen.query_one("#body").loading:
            continue
        await pilot.pause()  # the messages in hand processed and the screen painted
        return time.time()

async def drive(pilot):
    if WAY == "opened":  # on the Projections screen, remembered from last time
        done = await settled(pilot, pilot.app.screen)
        times["app: opened on projections"] = (done - START, time.process_time())
        print(json.dumps(times), flush=True)
        pilot.app.exit()
        return
    while time.time() - START < 240.0:
        await look()
        tiles = list(pilot.app.screen.query(FigureTile))
        if tiles and all(t.query_one(".tile-value").render().plain for t in tiles):
            break
    times["app: first figures"] = (time.time() - START, time.process_time())
    if WAY == "straight":
        started, cpu = time.time(), time.process_time()
        pilot.app.switch_mode("projections")
        await pilot.pause()
        done = await settled(pilot, pilot.app.screen)
        times["app: projections straight after start"] = (done - started, time.process_time() - cpu)
        print(json.dumps(times), flush=True)
        pilot.app.exit()
        return
    done = await settled(pilot, pilot.app.screen)
    times["app: overview, trends too"] = (done - START, time.process_time())
    for mode in MODES:
        started, cpu = time.time(), time.process_time()
        pilot.app.switch_mode(mode)
        await pilot.pause()
        if mode == "projections":
            shown = await settled(pilot, pilot.app.screen, workers=False)
            times["app: projections, projection shown"] = (
                shown - started, time.process_time() - cpu
            )
        done = await settled(pilot, pilot.app.screen)
        times[f"app: {mode} screen"] = (done - started, time.process_time() - cpu)
    print(json.dumps(times), flush=True)
    pilot.app.exit()

START = float(sys.argv[2])
make_app(sys.argv[1], today=date(2025, 9, 30), work_ahead=WAY != "alone").run(
    headless=True, size=(120, 40), auto_pilot=drive
)
"""


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure: wall seconds, CPU seconds (user + system) and peak memory in MB."""

    seconds: float
    cpu: float
    peak_mb: float


def run_process(command: list[str], env: dict[str, str] | None = None) -> tuple[Figure, str]:
    """Run ``command`` to the end; its wall time, its own peak RSS and its stdout."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode() if process.stderr else ""
        if process.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Figure(seconds, cpu, usage.ru_maxrss / MB), out.read().decode()


def best(figures: list[Figure]) -> Figure:
    """The best wall time and the lowest peak memory of several runs."""
    return Figure(
        min(f.seconds for f in figures),
        min(f.cpu for f in figures),
        min(f.peak_mb for f in figures),
    )


def command_cases(tmp: Path) -> dict[str, Callable[[Path], list[str]]]:
    """Each CLI figure as a function from database to command line."""
    out = tmp / "csww.xml"
    return {
        "--help": lambda db: [*CLI, "--help"],
        "summary --json": lambda db: [*CLI, "summary", "--json", "--db", str(db), "--as-at", AS_AT],
        "summary (table)": lambda db: [*CLI, "summary", "--db", str(db), "--as-at", AS_AT],
        "pressure --json": lambda db: [
            *CLI,
            "pressure",
            "--json",
            "--db",
            str(db),
            "--as-at",
            AS_AT,
        ],
        "project 10,000 runs x 60": lambda db: [
            *CLI,
            "project",
            "--runs",
            "10000",
            "--months",
            "60",
            "--db",
            str(db),
            "--as-at",
            AS_AT,
        ],
        "project 100,000 runs x 60": lambda db: [
            *CLI,
            "project",
            "--runs",
            "100000",
            "--months",
            "60",
            "--db",
            str(db),
            "--as-at",
            AS_AT,
        ],
        "export csww": lambda db: [
            *CLI,
            "export",
            "csww",
            "--year",
            AS_AT[:4],
            "--out",
            str(out),
            "--db",
            str(db),
        ],
    }


def forget_kept(db: Path) -> None:
    """Empty the figures kept between runs (``derived_figures``), as a change to the data would
    make them unused, so the next run works them out again."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("DELETE FROM derived_figures")
    finally:
        conn.close()


#: The app figure measured again with the figures the first run kept.
KEPT = "app: projections screen"


def app_figures(db: Path, way: str = "tour") -> dict[str, Figure]:
    """One headless run of the app (``way``: see ``APP``): each stage's seconds, all with the
    process's peak memory."""
    with tempfile.TemporaryDirectory() as config:  # no remembered screen: it opens on Overview
        if way == "opened":
            last = {"last_screen": "projections"}
            (Path(config) / "app.json").write_text(json.dumps(last), encoding="utf-8")
        env = {**os.environ, "CSWORK_CONFIG_DIR": config}
        started = time.time()
        whole, stdout = run_process([sys.executable, "-c", APP, str(db), repr(started), way], env)
    return {
        name: Figure(seconds, cpu, whole.peak_mb)
        for name, (seconds, cpu) in json.loads(stdout).items()
    }


#: name -> (target seconds, target MB), at scale unless the name says demo.
TARGETS: dict[str, tuple[float | None, float]] = {
    "summary --json": (1.0, 500),
    "pressure --json": (2.0, 500),
    "project 10,000 runs x 60": (3.0, 500),
    "project 100,000 runs x 60": (None, 600),
    "app: first figures": (1.0, 500),
}
DEMO_TARGETS = {
    "--help": 0.2,
    "summary --json": 0.2,
    "summary (table)": 0.2,
    "app: first figures": 0.6,
}
SCREEN_TARGET = 2.0


def app_names() -> list[str]:
    """The names of the app's figures (``--only projections`` picks the Projections screen's)."""
    from cswork.tui.modes import SCREENS

    stages = ["app: first figures", "app: overview, trends too"]
    return [
        *stages,
        *(f"app: {screen.mode} screen" for screen in SCREENS if screen.mode != "overview"),
        "app: projections, projection shown",
        f"{KEPT}, kept",
        f"{KEPT}, no work ahead",
        STRAIGHT,
        OPENED,
    ]


#: The Projections screen opened straight after the first figures.
STRAIGHT = "app: projections straight after start"
#: The app opened on the Projections screen.
OPENED = "app: opened on projections"


def verdict(name: str, demo: Figure, large: Figure, summary: Figure | None) -> str:
    """Which targets this figure meets, in words: each time target on wall time, then on CPU time
    (which a busy machine inflates far less)."""

    def check(figure: Figure, seconds: float) -> str:
        wall = "ok" if figure.seconds < seconds else "MISSED"
        cpu = "ok" if figure.cpu < seconds else "MISSED"
        return f"{wall} <{seconds:.1f}s (cpu {cpu})"

    notes = []
    seconds, megabytes = TARGETS.get(name, (None, 500.0))
    if name.startswith("app:") and name not in TARGETS:  # a screen shown, or its figures
        seconds = SCREEN_TARGET
    if name == "export csww" and summary is not None:
        seconds = summary.seconds + 0.5
    if seconds is not None:
        notes.append(check(large, seconds))
    if name != "--help":
        notes.append(f"{'ok' if large.peak_mb < megabytes else 'MISSED'} <{megabytes:.0f}MB")
    if name in DEMO_TARGETS:
        notes.append("demo " + check(demo, DEMO_TARGETS[name]))
    return ", ".join(notes)


def compile_bytecode() -> None:
    """Compile cswork's modules to bytecode beside them, as installing the wheel does."""
    import compileall

    import cswork

    compileall.compile_dir(Path(cswork.__file__).parent, quiet=1)


def build(tmp: Path, scale: int) -> tuple[Path, Path]:
    """The demo and the scaled authority, built by the CLI itself, each with its baseline
    scenario stored (``cswork project`` stores it, as the Projections screen's first look does)."""
    paths = []
    for n in (1, scale):
        path = tmp / f"scale{n}.db"
        for command in (
            ["demo", "--db", str(path), "--no-open", "--as-at", AS_AT, "--scale", str(n)],
            ["project", "--db", str(path), "--as-at", AS_AT, "--runs", "10"],
        ):
            subprocess.run([*CLI, *command], check=True, capture_output=True)
        paths.append(path)
    return paths[0], paths[1]


def main() -> None:
    """Build both authorities, measure every figure on each, and print each row as it is measured
    (so that a figure that never comes leaves the others printed)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each; best shown.")
    parser.add_argument("--only", nargs="*", help="Only figures whose name contains these words.")
    parser.add_argument(
        "--no-compile", action="store_true", help="Leave cswork's bytecode as it is (see above)."
    )
    args = parser.parse_args()
    if not args.no_compile:
        compile_bytecode()
    print(
        f"scale {args.scale}x demo, best of {args.repeat}, load average at start "
        f"{os.getloadavg()[0]:.1f}, {os.cpu_count()} cores",
        flush=True,
    )
    print(
        f"{'figure':<36} {'demo s':>6} {'cpu':>5} {'MB':>5} {f'{args.scale}x s':>7} {'cpu':>5} "
        f"{'MB':>5}  targets at {args.scale}x (wall, cpu)",
        flush=True,
    )
    summary: Figure | None = None

    def report(name: str, small: Figure, big: Figure) -> None:
        print(
            f"{name:<36} {small.seconds:>6.2f} {small.cpu:>5.2f} {small.peak_mb:>5.0f} "
            f"{big.seconds:>7.2f} {big.cpu:>5.2f} {big.peak_mb:>5.0f}  "
            f"{verdict(name, small, big, summary)}",
            flush=True,
        )

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        demo, large = build(tmp, args.scale)
        for name, command in command_cases(tmp).items():
            if args.only and not any(word in name for word in args.only):
                continue
            small, big = (
                best([run_process(command(db))[0] for _ in range(args.repeat)])
                for db in (demo, large)
            )
            if name == "summary --json":
                summary = big
            report(name, small, big)
        if not args.only or any(word in name for word in args.only for name in app_names()):
            runs: dict[Path, list[dict[str, Figure]]] = {demo: [], large: []}
            for db in (demo, large):
                for _ in range(args.repeat):
                    forget_kept(db)
                    cold = app_figures(db)
                    cold[f"{KEPT}, kept"] = app_figures(db)[KEPT]
                    forget_kept(db)
                    cold[f"{KEPT}, no work ahead"] = app_figures(db, "alone")[KEPT]
                    forget_kept(db)
                    cold[STRAIGHT] = app_figures(db, "straight")[STRAIGHT]
                    forget_kept(db)
                    cold[OPENED] = app_figures(db, "opened")[OPENED]
                    runs[db].append(cold)
            for name in runs[demo][0]:
                if args.only and not any(word in name for word in args.only):
                    continue
                report(
                    name,
                    best([r[name] for r in runs[demo]]),
                    best([r[name] for r in runs[large]]),
                )
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
