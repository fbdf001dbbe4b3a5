"""The Projections screen's line of past skill scores in-post FTE alone, and the totals read
alongside the history: both give exactly what the full reads give.

Issue 18: the line used to backtest every output from every start, which needs the caseload
counts of every month end (2.1 million at fifty times the demo, 0.8 s); in-post FTE needs only
the spells and each start's own counts. The demand trend's totals of every count date are summed
on a second connection while the history's other tables are read; whatever stops that read is
left to the caller, and a process ending mid-read leaves no journal files behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import cswork.services.projection as projection
from cswork.demo import generate_demo
from cswork.model.months import add_months_keeping_month_end
from cswork.model.projection.actuals import in_post_on
from cswork.model.projection.backtest import straight_line
from cswork.services.backtest import (
    HEADLINE_SCORED,
    SCORED,
    BacktestSummary,
    actual_figures,
    backtest_from,
    run_backtests,
    summary_json,
)
from cswork.services.projection_view import SKILL_MONTHS, model_skill
from cswork.store import Database, open_db
from cswork.store.background_totals import TotalsAlongside
from cswork.store.caseloads import case_totals_by_date
from cswork.store.db import migrate
from cswork.store.derived import bump_history_version, clear_derived
from cswork.store.projection_history import read_history_stamp
from tests.conftest import DEMO_AS_AT


@pytest.fixture(params=["surge", "steady", "agency-reduction"])
def history_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A demo authority of each history, with nothing kept and no history in the process cache."""
    path = tmp_path / f"{request.param}.db"
    db = open_db(path)
    generate_demo(db, seed=5, as_at=DEMO_AS_AT, history=request.param)
    clear_derived(db)
    projection._cache.clear()
    yield db
    db.close()


def _in_post_of(summary: BacktestSummary) -> list[tuple[object, ...]]:
    output = "in_post_fte"
    return [
        (
            r.start,
            r.months,
            r.projected[output],
            r.low[output],
            r.high[output],
            r.actual[output],
            r.naive[output],
            r.trend[output],
            r.score_of(output),
            r.half_life,
        )
        for r in summary.results
    ]


def test_scoring_in_post_alone_gives_the_full_backtests_in_post_figures(
    history_db: Database,
) -> None:
    alone = run_backtests(history_db, SKILL_MONTHS, DEMO_AS_AT, scored=HEADLINE_SCORED)
    assert alone.results, "the demo has starts to check"
    assert all(r.scores[0].output == "in_post_fte" and len(r.scores) == 1 for r in alone.results)
    projection._cache.clear()  # the full backtests on a history read afresh, every count and all
    full = run_backtests(history_db, SKILL_MONTHS, DEMO_AS_AT)
    assert full.scored == SCORED and alone.scored == HEADLINE_SCORED
    assert _in_post_of(alone) == _in_post_of(full)
    assert alone.headline == full.headline
    assert alone.headline.startswith("Checked on ")
    assert summary_json(alone)["overall"] == {
        "in_post_fte": summary_json(full)["overall"]["in_post_fte"]
    }


def test_the_screens_line_is_the_full_backtests_headline(demo_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(demo_path.read_bytes())
    db = open_db(path, create=False)
    try:
        clear_derived(db)
        projection._cache.clear()
        line = model_skill(db, DEMO_AS_AT).line
        projection._cache.clear()
        assert line == run_backtests(db, SKILL_MONTHS, DEMO_AS_AT).headline
    finally:
        db.close()


def test_totals_read_alongside_are_the_totals(demo_db: Database, demo_path: Path) -> None:
    alongside = TotalsAlongside(str(demo_path), read_history_stamp(demo_db))
    assert alongside.result() == case_totals_by_date(demo_db)


def test_totals_of_other_data_are_not_used(demo_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(demo_path.read_bytes())
    db = open_db(path, create=False)
    try:
        stamp = read_history_stamp(db)
        with db.atomic():
            bump_history_version(db)  # a write of cswork's between the caller's read and theirs
        assert TotalsAlongside(str(path), stamp).result() is None
    finally:
        db.close()


def test_totals_of_a_file_that_cannot_be_opened_are_left_to_the_caller(tmp_path: Path) -> None:
    assert TotalsAlongside(str(tmp_path / "gone.db"), ()).result() is None


def test_the_history_takes_the_totals_read_alongside(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(demo_path.read_bytes())
    db = open_db(path, create=False)
    own_reads: list[int] = []
    real = projection.case_totals_by_date

    def counted(store: Database) -> dict[date, dict[str, float]]:
        own_reads.append(1)
        return real(store)

    monkeypatch.setattr(projection, "case_totals_by_date", counted)
    try:
        projection._cache.clear()
        history = projection.load_projection_history(db)
        assert history.cases_by_date == case_totals_by_date(db)
        assert own_reads == []  # read on the second connection, not the caller's
    finally:
        db.close()


def test_an_in_memory_history_reads_its_own_totals(monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(memory=True)
    migrate(db)
    started: list[int] = []
    monkeypatch.setattr(projection, "TotalsAlongside", lambda *args: started.append(1))
    try:
        history = projection.load_projection_history(db)
        assert history.cases_by_date == {}
        assert started == []
    finally:
        db.close()


def _gone(path: Path, **options: bool) -> Database:
    raise FileNotFoundError(2, "No such file or directory", str(path))  # between exists and open


def _unparsable(store: Database) -> dict[date, dict[str, float]]:
    raise ValueError("as_at '31/09/2025' is not a date")


@pytest.mark.parametrize(
    ("step", "trouble"), [("open_db", _gone), ("case_totals_by_date", _unparsable)]
)
def test_trouble_in_the_thread_is_left_to_the_caller(
    step: str,
    trouble: object,
    demo_db: Database,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not only SQLite's errors: whatever stops the read (a file removed as it is opened, a count
    date that will not parse) is neither raised nor printed from the thread; the caller reads the
    totals itself and meets it there."""
    import cswork.store.background_totals as background

    uncaught: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(background, step, trouble)
    monkeypatch.setattr(threading, "excepthook", uncaught.append)
    assert TotalsAlongside(str(demo_path), read_history_stamp(demo_db)).result() is None
    assert uncaught == []


_ENDS_MID_READ = """
import sys, time
from pathlib import Path
import cswork.services.projection as projection
import cswork.store.background_totals as background
from cswork.store import open_db

real = background.case_totals_by_date

def slow(db):
    time.sleep(0.5)  # still reading when the process ends
    return real(db)

background.case_totals_by_date = slow
db = open_db(Path(sys.argv[1]), create=False)
projection.load_projection_history(db)
db.close()
"""


def test_a_process_ending_mid_read_leaves_no_journal_beside_the_file(
    demo_path: Path, tmp_path: Path
) -> None:
    """A command that ends (or fails) while the totals are still being read waits for the read, so
    its connection closes and SQLite removes the write-ahead log and shared-memory files, as it
    does when nothing is read alongside; they are not left beside the database."""
    path = tmp_path / "demo.db"
    path.write_bytes(demo_path.read_bytes())
    done = subprocess.run(
        [sys.executable, "-c", _ENDS_MID_READ, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]


def test_each_backtest_scores_the_figures_of_its_own_months(demo_db: Database) -> None:
    """What a backtest scores, output by output, against the authority's figures month by month
    (as it was worked out before outputs could be left unscored): the actual path is the months
    after the start, "nothing changes" the start's own figure, the straight line the twelve
    month ends to the start. The full and in-post-alone backtests are compared above; this pins
    both to the months they score."""
    history = projection.load_projection_history(demo_db, every_count=True)
    start, months = date(2023, 9, 30), 6
    result = backtest_from(history, start, months, runs=20)
    ends = [add_months_keeping_month_end(start, k) for k in range(-11, months + 1)]
    figures = [actual_figures(history, on) for on in ends]
    assert result.months == tuple(on.strftime("%Y-%m") for on in ends[12:])
    for output in SCORED:
        path = [getattr(f, output) for f in figures]
        assert result.actual[output] == path[12:]
        assert result.naive[output] == path[11]
        assert result.trend[output] == straight_line(path[:12], months)


def test_each_month_records_in_post_fte_is_the_positions(history_db: Database) -> None:
    """The skill line reads the actual in-post FTE of a month end from the month records: the
    same rows summed in the same order as the position's (``actual_figures``)."""
    history = projection.load_projection_history(history_db)
    records = projection.monthly_records(history)
    assert len(records) > 60
    table = projection.spell_table(history)
    for record in records:
        assert record.in_post_fte == in_post_on(table, record.end), record.end
        assert record.in_post_fte == actual_figures(history, record.end).in_post_fte
