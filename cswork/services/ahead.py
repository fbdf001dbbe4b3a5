"""The Projections screen's figures worked out ahead, in a second process, while another screen
is shown.

After a change to the data, the Projections screen's first look works out the calibration, the
projection and the line of past skill: seconds on a big authority, all on the app's one
interpreter. The app starts this module as a process of its own (``python -m
cswork.services.ahead``) once the data's date is known, so that work runs on another core while the
user reads the Overview. The process only reads: it opens its connection query-only, works the
figures out with a collecting :class:`~cswork.services.derived.Keeper`, and writes them to its
standard output, one part at a time (the view, then the skill line), under the history stamp and
code stamp it read them at. :class:`FiguresAhead`, in the app, keeps each part in the store as the
screen itself would have (inside the app's own writes, so its change watcher does not take them for
another program's), but only while the history is still at that stamp. The screen, when shown,
waits for a part under way for its date and scenario rather than work it out a second time, and
then finds it kept.

Nothing is worked out ahead for a scenario not yet stored (the screen stores the baseline the
first time it is shown), and nothing is lost if the process fails or is stopped: the screen then
works the figures out itself, as it always could.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from cswork.services.derived import Keeper, code_stamp
from cswork.store import Database

#: The parts worked out ahead, in the order the process writes them.
VIEW, SKILL = "view", "skill"
PARTS = (VIEW, SKILL)

#: How far below the app's priority a process started ahead of need runs (under ``nice``, where
#: the system has it, so that its start-up gives way to the app's drawing too). One started for a
#: view the screen is waiting for runs at the app's own priority: on a busy machine a lowered one
#: could take longer than the app working the figures out itself.
NICENESS = 10

#: Longest a screen waits for a part under way before working it out itself (seconds): far longer
#: than the figures take at fifty times the demo, so only a process that is stuck is given up on.
WAIT_LIMIT = 120.0


def work_out(
    db: Database, as_at: date, scenario: str, parts: tuple[str, ...] = PARTS
) -> Iterator[dict[str, object]]:
    """The lines the process writes: the stamp its figures are filed under and the parts it will
    send, then each of ``parts`` with its figures as worked out (only those not already kept). No
    view of a scenario not stored."""
    from cswork.services.projection_view import model_skill, projections_view
    from cswork.store.scenarios import get_scenario

    if VIEW in parts and get_scenario(db, scenario) is None:
        # the screen stores the baseline the first time: no view here (nobody waits for it)
        parts = tuple(part for part in parts if part != VIEW)
    if not parts:
        return
    collected: list[tuple[str, str, str]] = []
    keeper = Keeper.collecting(db, into=collected)  # before the history is read
    yield {
        "version": keeper.version,
        "fingerprint": keeper.fingerprint,
        "code": code_stamp(),
        "parts": list(parts),
    }
    for part in parts:
        if part == VIEW:
            projections_view(db, as_at, scenario, keeper=keeper)
        else:
            model_skill(db, as_at, keeper=keeper)
        yield {"part": part, "figures": collected[:]}
        collected.clear()


def main(argv: list[str]) -> int:
    """The process: ``DATABASE AS_AT SCENARIO [PART ...]`` (every part if none is named); its
    lines on standard output, one JSON object each."""
    path, as_at, scenario = Path(argv[0]), date.fromisoformat(argv[1]), argv[2]
    parts = tuple(argv[3:]) or PARTS
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        sys.stderr.write(f"no such part: {unknown[0]!r} (parts: {', '.join(PARTS)})\n")
        return 2
    from cswork.store.db import open_db, read_only_from_now

    db = open_db(path, create=False)
    try:
        read_only_from_now(db)
        for line in work_out(db, as_at, scenario, parts):
            sys.stdout.write(json.dumps(line) + "\n")
            sys.stdout.flush()
    finally:
        db.close()
    return 0


@dataclass(eq=False)
class _Run:
    """One process working ahead, and the parts of it kept (or given up on) so far."""

    as_at: date
    scenario: str
    parts: tuple[str, ...]
    #: Started before anyone waits for it (at a lower priority), not for a screen waiting.
    ahead_of_need: bool = False
    process: subprocess.Popen[bytes] | None = None
    done: dict[str, threading.Event] = field(
        default_factory=lambda: {part: threading.Event() for part in PARTS}
    )
    stopped: bool = False

    def covers(self, part: str, as_at: date, scenario: str | None) -> bool:
        """Whether this run works out ``part`` as at ``as_at`` (of ``scenario``, if named)."""
        return (
            part in self.parts
            and self.as_at == as_at
            and (scenario is None or self.scenario == scenario)
        )

    def finish(self) -> None:
        for event in self.done.values():
            event.set()


def _same_cswork() -> dict[str, str]:
    """The process's environment: the app's, with the folder the app's own cswork came from first
    on the import path. With ``-P`` (no current folder on the path) the process imports the very
    cswork the app runs, never another checkout's in the folder the app was started from."""
    import cswork

    home = str(Path(cswork.__file__).resolve().parent.parent)
    search = [home, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(search)}


class FiguresAhead:
    """Starts and follows the process that works the Projections screen's figures out ahead, and
    keeps what it sends (see the module's description). Used from any thread."""

    def __init__(
        self,
        path: Path,
        writing: Callable[[], AbstractContextManager[None]] = nullcontext,
        command: list[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.writing = writing
        #: How the process is started (tests may stand another program in).
        self.command = command or [sys.executable, "-P", "-m", "cswork.services.ahead"]
        nice = shutil.which("nice")
        #: Put before the command of a process started ahead of need.
        self.lower_priority = [nice, "-n", str(NICENESS)] if nice else []
        #: Why the last process to end did not finish its work ("" if it did, or none has ended;
        #: one stopped on purpose is not counted).
        self.last_problem = ""
        self._lock = threading.Lock()
        self._run: _Run | None = None
        self._threads: list[threading.Thread] = []
        self._closed = False

    def start(self, as_at: date, scenario: str, parts: tuple[str, ...] = PARTS) -> None:
        """Work out ``parts`` of the figures of ``scenario`` as at ``as_at`` in a second process,
        stopping any under way (its data may be older). Returns at once."""
        with self._lock:
            self._start(_Run(as_at, scenario, parts, ahead_of_need=True))

    def work_out_now(
        self, as_at: date, scenario: str, cancelled: Callable[[], bool] = lambda: False
    ) -> None:
        """The view of ``scenario`` as at ``as_at`` is wanted now and is not kept: wait until a
        process under way for it keeps it, or start one and wait (the line of past skill follows
        in the same process); return at once if one has already ended (it did not keep it)."""
        with self._lock:
            run = self._run
            if run is None or not run.covers(VIEW, as_at, scenario) or run.stopped:
                self._start(_Run(as_at, scenario, PARTS))
        self.wait(VIEW, as_at, scenario, cancelled)

    def _start(self, run: _Run) -> None:
        """Start ``run``'s process in a thread that follows it (with the lock held)."""
        if not self._closed:
            self._stop(self._run)
            self._run = run
            thread = threading.Thread(target=self._follow, args=(run,), name="figures-ahead")
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
            thread.start()

    def wait(
        self,
        part: str,
        as_at: date,
        scenario: str | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> bool:
        """Wait until ``part`` of a process under way for ``as_at`` (and ``scenario``, for the
        view) is kept or given up, or ``cancelled()``; whether there was one to wait for."""
        with self._lock:
            run = self._run
        if run is None or not run.covers(part, as_at, scenario):
            return False
        waited = 0.0
        while not run.done[part].wait(0.05):
            waited += 0.05
            if cancelled() or waited > WAIT_LIMIT:
                break
        return True

    def close(self) -> None:
        """Stop any process under way and wait for its follower; nothing is kept afterwards."""
        with self._lock:
            self._closed = True
            self._stop(self._run)
            threads = list(self._threads)
        for thread in threads:
            thread.join()

    def _stop(self, run: _Run | None) -> None:
        if run is None:
            return
        run.stopped = True
        if run.process is not None and run.process.poll() is None:
            run.process.terminate()

    def _follow(self, run: _Run) -> None:
        """Start the process, keep each part it sends, and mark every part done when it ends."""
        from cswork.store.db import is_read_only, open_db

        problem = ""
        db: Database | None = None
        try:
            db = open_db(self.path, create=False)  # none started for a file that will not open
            if is_read_only(db):
                # nothing sent could be kept, and a screen would wait for it only to work it out
                problem = "the database is read-only: nothing worked out ahead could be kept"
                return
            with tempfile.TemporaryFile() as errors:
                argv = [str(self.path), run.as_at.isoformat(), run.scenario, *run.parts]
                with self._lock:
                    if run.stopped:
                        return
                    lower = self.lower_priority if run.ahead_of_need else []
                    process = run.process = subprocess.Popen(
                        [*lower, *self.command, *argv],
                        env=_same_cswork(),
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE,
                        stderr=errors,
                    )
                assert process.stdout is not None
                read_to_the_end = False
                try:
                    problem = self._keep_parts(run, process.stdout, db)
                    read_to_the_end = not (problem or run.stopped)
                finally:
                    if not read_to_the_end and process.poll() is None:
                        # what it would send next is of no use, and a part it is still working
                        # out is waited for until it ends
                        process.terminate()
                    status = process.wait()
                    process.stdout.close()
                if status and not problem and not run.stopped:
                    errors.seek(0)
                    text = errors.read().decode(errors="replace").strip()
                    problem = text.splitlines()[-1] if text else f"it ended with status {status}"
        except Exception as exc:
            problem = str(exc) or type(exc).__name__
        finally:
            if db is not None:
                db.close()
            if not run.stopped:  # a process stopped on purpose tells nothing
                self.last_problem = problem
            run.finish()

    def _keep_parts(self, run: _Run, lines: IO[bytes], db: Database) -> str:
        """Keep each part the process sends while the history is as it read it; why not, if not."""
        stamp: tuple[object, ...] | None = None
        coming: tuple[str, ...] = ()
        for raw in lines:
            line = json.loads(raw)
            if stamp is None:
                stamp = (line["version"], line["fingerprint"], line["code"])
                coming = tuple(part for part in PARTS if part in line["parts"])
                for part in PARTS:
                    if part not in coming:  # (no view of a scenario not stored) not waited for
                        run.done[part].set()
                continue
            if run.stopped:
                return ""
            part = line["part"]
            if part not in coming:
                return f"it sent a part it had not named: {part!r}"
            if line["figures"]:
                keeper = Keeper.of(db, self.writing)  # the history as it stands now
                if (keeper.version, keeper.fingerprint, code_stamp()) != stamp:
                    return "the data changed while the figures were worked out"
                for kind, key, text in line["figures"]:
                    keeper.keep(kind, key, text)
            run.done[part].set()
        return ""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
