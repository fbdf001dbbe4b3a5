"""The Projections screen's figures worked out ahead in a second process: the very figures the
screen keeps, kept only while the data is as the process read it, written inside the app's own
writes, nothing written by the process, and every way it can fail leaving the screen to work the
figures out itself."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

import cswork.services.projection_view as view_module
import cswork.store.db as store_db
from cswork.services.ahead import SKILL, VIEW, FiguresAhead, main, work_out
from cswork.services.projection import BASELINE
from cswork.services.projection_view import model_skill, projections_view
from cswork.store import Database, open_db
from cswork.store.derived import bump_history_version, clear_derived

AS_AT = date(2025, 9, 30)


def _kept(db: Database) -> dict[tuple[str, str], tuple[int, str]]:
    rows = db.execute("SELECT kind, key, history_version, value FROM derived_figures")
    return {(kind, key): (version, value) for kind, key, version, value in rows}


@pytest.fixture
def path(demo_path: Path, tmp_path: Path) -> Path:
    """A copy of the demo with its baseline stored (as after the screen's first look ever) and
    nothing kept."""
    path = tmp_path / "demo.db"
    path.write_bytes(demo_path.read_bytes())
    db = open_db(path, create=False)
    projections_view(db, AS_AT)
    clear_derived(db)
    db.close()
    return path


@pytest.fixture
def screen_kept(path: Path, tmp_path: Path) -> dict[tuple[str, str], tuple[int, str]]:
    """What the screen itself keeps on this data: its view and its skill line, worked out in
    process on a copy."""
    copy = tmp_path / "screen.db"
    copy.write_bytes(path.read_bytes())
    db = open_db(copy, create=False)
    projections_view(db, AS_AT)
    model_skill(db, AS_AT)
    kept = _kept(db)
    db.close()
    return kept


class Writes:
    """Counts the writes made inside the app's ``own_writes`` stand-in."""

    def __init__(self) -> None:
        self.count = 0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self.count += 1
        yield


def test_the_process_sends_what_the_screen_keeps_and_writes_nothing(
    path: Path,
    screen_kept: dict[tuple[str, str], tuple[int, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = path.read_bytes()
    assert main([str(path), AS_AT.isoformat(), BASELINE]) == 0
    stamp, view, skill = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert stamp["version"] == next(iter(screen_kept.values()))[0]
    assert [view["part"], skill["part"]] == [VIEW, SKILL]
    sent = {(kind, key): text for kind, key, text in view["figures"] + skill["figures"]}
    assert sent == {name: value for name, (_, value) in screen_kept.items()}
    assert len(sent) == 3  # leaver rates, projection, skill line
    assert path.read_bytes() == before


def test_no_view_is_worked_out_for_a_scenario_not_stored(path: Path) -> None:
    db = open_db(path, create=False)
    lines = list(work_out(db, AS_AT, "not stored"))
    assert [line.get("part") for line in lines] == [None, SKILL]
    assert lines[0]["parts"] == [SKILL]  # named first, so the view is not waited for
    assert list(work_out(db, AS_AT, "not stored", (VIEW,))) == []
    db.close()


def test_only_the_parts_asked_for_are_sent(path: Path) -> None:
    db = open_db(path, create=False)
    lines = list(work_out(db, AS_AT, BASELINE, (SKILL,)))
    assert [line.get("part") for line in lines] == [None, SKILL]
    assert [kind for kind, _, _ in lines[1]["figures"]] == ["skill"]
    db.close()


def test_a_part_it_does_not_know_is_refused_before_anything_is_read(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(path), AS_AT.isoformat(), BASELINE, "view", "skil"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "no such part: 'skil' (parts: view, skill)\n"


def test_a_view_wanted_now_is_worked_out_in_the_second_process(
    path: Path, screen_kept: dict[tuple[str, str], tuple[int, str]]
) -> None:
    ahead = FiguresAhead(path)
    ahead.work_out_now(AS_AT, BASELINE)  # returns once the view is kept
    db = open_db(path, create=False)
    assert {kind for kind, _ in _kept(db)} >= {"leaver rates", "projection"}
    assert ahead.wait(SKILL, AS_AT)  # the skill line follows in the same process
    ahead.close()
    assert _kept(db) == screen_kept
    db.close()


def test_a_view_wanted_now_waits_for_the_process_under_way(path: Path) -> None:
    ahead = FiguresAhead(path, command=[sys.executable, "-c", "import time; time.sleep(60)"])
    ahead.start(AS_AT, BASELINE)
    under_way = ahead._run
    started = time.perf_counter()
    ahead.work_out_now(AS_AT, BASELINE, cancelled=lambda: time.perf_counter() - started > 0.3)
    assert ahead._run is under_way
    ahead.work_out_now(AS_AT, "another", cancelled=lambda: True)  # another scenario: another run
    assert ahead._run is not under_way
    ahead.close()


def test_a_view_not_worked_out_there_is_not_waited_for(path: Path) -> None:
    """A scenario not stored yet: the process says at once that it leaves the view to the screen
    (which stores the baseline the first time), and works out the skill line."""
    ahead = FiguresAhead(path)
    ahead.work_out_now(AS_AT, "not stored")
    assert ahead._run is not None and not ahead._run.done[SKILL].is_set()
    assert ahead.wait(SKILL, AS_AT)
    ahead.close()
    db = open_db(path, create=False)
    assert [kind for kind, _ in _kept(db)] == ["skill"]
    db.close()


def test_the_app_keeps_what_the_process_sends_inside_its_own_writes(
    path: Path,
    screen_kept: dict[tuple[str, str], tuple[int, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writes = Writes()
    ahead = FiguresAhead(path, writes)
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(VIEW, AS_AT, BASELINE)
    assert ahead.wait(SKILL, AS_AT)
    ahead.close()
    assert ahead.last_problem == ""
    db = open_db(path, create=False)
    assert _kept(db) == screen_kept
    assert writes.count == 3

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the screen worked the figures out again")

    monkeypatch.setattr(view_module, "load_projection_history", never)
    monkeypatch.setattr("cswork.services.backtest.load_projection_history", never)
    view = projections_view(db, AS_AT)
    assert view.scenario == BASELINE
    assert model_skill(db, AS_AT).line.startswith("Checked on")
    db.close()


def test_nothing_is_kept_once_the_data_changed(path: Path, tmp_path: Path) -> None:
    """A process that read the history before a change sends figures of the old data."""
    db = open_db(path, create=False)
    version = db.execute("SELECT version FROM history_version").fetchone()[0]
    stale = {"version": version - 1, "fingerprint": "[]", "code": "old", "parts": [VIEW, SKILL]}
    figures = {"part": VIEW, "figures": [["leaver rates", AS_AT.isoformat(), "[]"]]}
    script = tmp_path / "stale.py"
    script.write_text(
        f"print({json.dumps(json.dumps(stale))}); print({json.dumps(json.dumps(figures))})"
    )
    ahead = FiguresAhead(path, command=[sys.executable, str(script)])
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(VIEW, AS_AT, BASELINE)
    ahead.close()
    assert ahead.last_problem == "the data changed while the figures were worked out"
    assert _kept(db) == {}
    db.close()


def test_a_write_after_the_process_read_files_its_figures_where_they_are_never_used(
    path: Path, tmp_path: Path
) -> None:
    """The process's stamp is checked against the data when its figures are kept: a write landed
    in between leaves them unkept."""
    db = open_db(path, create=False)
    lines = list(work_out(db, AS_AT, BASELINE))
    with db.atomic():
        bump_history_version(db)
    script = tmp_path / "replay.py"
    script.write_text("".join(f"print({json.dumps(json.dumps(line))})\n" for line in lines))
    ahead = FiguresAhead(path, command=[sys.executable, str(script)])
    ahead.start(AS_AT, BASELINE)
    ahead.wait(SKILL, AS_AT)
    ahead.close()
    assert _kept(db) == {}
    assert "data changed" in ahead.last_problem
    db.close()


def test_a_process_that_fails_says_why_and_every_part_is_given_up(path: Path) -> None:
    ahead = FiguresAhead(path, command=[sys.executable, "-c", "import sys; sys.exit('no numpy')"])
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(VIEW, AS_AT, BASELINE)
    assert ahead.wait(SKILL, AS_AT)
    ahead.close()
    assert ahead.last_problem == "no numpy"


def test_a_database_gone_is_a_problem_not_a_crash(path: Path) -> None:
    ahead = FiguresAhead(path)
    path.unlink()
    path.write_bytes(b"not a database at all" * 100)  # another program's file in its place
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(SKILL, AS_AT) and ahead.wait(VIEW, AS_AT, BASELINE)
    ahead.close()
    assert "not a cswork database" in ahead.last_problem


def test_only_the_figures_under_way_are_waited_for(path: Path) -> None:
    ahead = FiguresAhead(path, command=[sys.executable, "-c", "import time; time.sleep(60)"])
    assert not ahead.wait(VIEW, AS_AT, BASELINE)  # nothing started
    ahead.start(AS_AT, BASELINE)
    assert not ahead.wait(VIEW, date(2025, 3, 31), BASELINE)
    assert not ahead.wait(VIEW, AS_AT, "another scenario")
    started = time.perf_counter()
    assert ahead.wait(SKILL, AS_AT, cancelled=lambda: time.perf_counter() - started > 0.2)
    ahead.close()


def test_closing_stops_the_process_and_nothing_more_is_kept(path: Path) -> None:
    ahead = FiguresAhead(path, command=[sys.executable, "-c", "import time; time.sleep(60)"])
    ahead.start(AS_AT, BASELINE)
    time.sleep(0.2)
    started = time.perf_counter()
    ahead.close()
    assert time.perf_counter() - started < 10
    assert ahead.wait(VIEW, AS_AT, BASELINE)  # given up, so never waited on again
    ahead.start(AS_AT, BASELINE)  # after closing: nothing starts
    assert ahead.wait(VIEW, AS_AT, BASELINE)


def test_starting_again_stops_the_process_under_way(path: Path) -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    ahead = FiguresAhead(path, command=sleeper)
    ahead.start(date(2025, 3, 31), BASELINE)
    time.sleep(0.2)
    first = ahead._run
    ahead.start(AS_AT, BASELINE)
    assert first is not None
    first.done[SKILL].wait(10)
    assert first.process is not None and first.process.wait(10) is not None
    ahead.close()


def test_the_process_runs_as_a_module(path: Path) -> None:
    """``python -m cswork.services.ahead``, as the app starts it."""
    done = subprocess.run(
        [sys.executable, "-m", "cswork.services.ahead", str(path), AS_AT.isoformat(), BASELINE],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [json.loads(line).get("part") for line in done.stdout.splitlines()] == [
        None,
        VIEW,
        SKILL,
    ]


def _sending(tmp_path: Path, lines: list[str]) -> list[str]:
    """A stand-in for the process: it sends ``lines`` and then works on (sleeps) for a minute."""
    script = tmp_path / "sending.py"
    script.write_text(
        "import sys, time\n"
        + "".join(f"print({line!r})\n" for line in lines)
        + "sys.stdout.flush()\ntime.sleep(60)\n"
    )
    return [sys.executable, str(script)]


def _stamp(parts: list[str]) -> str:
    return json.dumps({"version": 0, "fingerprint": "[]", "code": "", "parts": parts})


def _within(seconds: float) -> Callable[[], bool]:
    """Cancels a wait after ``seconds`` (so a test that fails does not hang)."""
    started = time.perf_counter()
    return lambda: time.perf_counter() - started > seconds


def test_a_part_not_coming_is_not_waited_for(path: Path, tmp_path: Path) -> None:
    """No view of a scenario not yet stored (a database whose Projections screen was never shown):
    the screen works it out at once, not after the skill line."""
    ahead = FiguresAhead(path, command=_sending(tmp_path, [_stamp([SKILL])]))
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(VIEW, AS_AT, BASELINE, cancelled=_within(30))
    run = ahead._run
    assert run is not None and run.process is not None
    assert run.done[VIEW].is_set() and not run.done[SKILL].is_set()
    assert run.process.poll() is None  # still at work on the skill line
    ahead.close()


@pytest.mark.parametrize(
    "sent", [json.dumps({"part": "not a part", "figures": []}), "not a line of JSON"]
)
def test_a_process_sending_what_cannot_be_kept_is_stopped(
    path: Path, tmp_path: Path, sent: str
) -> None:
    """Nothing it sends after is used, so it is not waited for (nor the screen with it)."""
    ahead = FiguresAhead(path, command=_sending(tmp_path, [_stamp([VIEW, SKILL]), sent]))
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(SKILL, AS_AT, cancelled=_within(30))
    run = ahead._run
    assert run is not None and run.process is not None
    assert run.done[SKILL].is_set()
    assert run.process.returncode is not None  # stopped, not left to work on
    assert ahead.last_problem
    ahead.close()


def test_nothing_is_worked_out_ahead_of_a_read_only_database(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing sent could be kept: a screen waiting for it would then work it all out again (the
    file looks writable, but SQLite opens it read-only)."""
    monkeypatch.setattr(store_db, "is_writable", lambda _: False)
    ahead = FiguresAhead(path, command=[sys.executable, "-c", "import time; time.sleep(60)"])
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(VIEW, AS_AT, BASELINE, cancelled=_within(30))
    run = ahead._run
    assert run is not None and run.done[VIEW].is_set()
    assert run.process is None
    assert "read-only" in ahead.last_problem
    ahead.close()


def test_the_process_stores_no_baseline_even_when_it_has_to_calibrate_one(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another scenario's view with no baseline stored calibrates the baseline, which the screen
    stores; the process must not (another program's write, to the app's change watcher)."""
    db = open_db(path, create=False)
    db.execute("UPDATE scenarios SET name = 'other' WHERE name = ?", (BASELINE,))
    db.close()
    assert main([str(path), AS_AT.isoformat(), "other", VIEW]) == 0
    assert [json.loads(line).get("part") for line in capsys.readouterr().out.splitlines()] == [
        None,
        VIEW,
    ]
    db = open_db(path, create=False)
    assert [row[0] for row in db.execute("SELECT name FROM scenarios")] == ["other"]
    db.close()


def test_the_skill_line_alone_of_a_stored_scenario(
    path: Path, screen_kept: dict[tuple[str, str], tuple[int, str]]
) -> None:
    """A process asked for the skill line alone works out the skill line and nothing more."""
    ahead = FiguresAhead(path)
    ahead.start(AS_AT, BASELINE, (SKILL,))
    assert ahead.wait(SKILL, AS_AT)
    ahead.close()
    db = open_db(path, create=False)
    assert _kept(db) == {name: value for name, value in screen_kept.items() if name[0] == "skill"}
    db.close()


def test_nothing_more_is_kept_once_stopped(path: Path, tmp_path: Path) -> None:
    """Stopped (the app quits, or starts again on newer data) while a part is being kept: the
    parts sent after it are not."""
    db = open_db(path, create=False)
    lines = list(work_out(db, AS_AT, BASELINE))
    script = tmp_path / "replay.py"
    script.write_text("".join(f"print({json.dumps(json.dumps(line))})\n" for line in lines))
    ahead = FiguresAhead(path, command=[sys.executable, str(script)])

    @contextmanager
    def stopping() -> Iterator[None]:
        yield
        assert ahead._run is not None
        ahead._run.stopped = True  # as FiguresAhead._stop marks it

    ahead.writing = stopping
    ahead.start(AS_AT, BASELINE)
    ahead.wait(SKILL, AS_AT, cancelled=_within(30))
    ahead.close()
    assert sorted(kind for kind, _ in _kept(db)) == ["leaver rates", "projection"]
    db.close()


def test_only_work_ahead_of_need_runs_at_a_lower_priority(path: Path) -> None:
    """Started ahead of need, it gives way to the app; started for a screen waiting, it does not
    (on a busy machine a lowered priority could outlast the app working it out itself)."""
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    ahead = FiguresAhead(path, command=sleeper)
    ahead.lower_priority = ["nice", "-n", "10"]
    ahead.start(AS_AT, BASELINE)
    while ahead._run is None or ahead._run.process is None:
        time.sleep(0.02)
    assert ahead._run.process.args[:3] == ["nice", "-n", "10"]
    ahead.work_out_now(AS_AT, "another", cancelled=lambda: True)
    while ahead._run.process is None:
        time.sleep(0.02)
    assert ahead._run.process.args[: len(sleeper)] == sleeper
    ahead.close()


def test_the_process_imports_the_apps_own_cswork(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not another checkout's, in the folder the app was started from (``python -m`` would put
    that folder first)."""
    decoy = tmp_path / "elsewhere" / "cswork"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('another checkout')\n")
    monkeypatch.chdir(decoy.parent)
    ahead = FiguresAhead(path)
    ahead.start(AS_AT, BASELINE)
    assert ahead.wait(SKILL, AS_AT, cancelled=_within(60))
    ahead.close()
    assert ahead.last_problem == ""
    db = open_db(path, create=False)
    assert sorted(kind for kind, _ in _kept(db)) == ["leaver rates", "projection", "skill"]
    db.close()
