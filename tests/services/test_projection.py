"""Projection services on the demo authority: the start agrees with the summary, the baseline is
calibrated on demand with the store's planned cohorts, and the backtest beats "nothing changes"."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cswork.model.imports import ImportOptions
from cswork.services.backtest import BacktestError, run_backtest
from cswork.services.imports import run_import, undo_import
from cswork.services.projection import (
    HistoryChangedError,
    baseline_assumptions,
    baseline_from,
    calibrate,
    compare,
    load_projection_history,
    project_state,
    run_projection,
    starting_state,
)
from cswork.services.summary import build_summary
from cswork.store import Database, open_db
from cswork.store.caseloads import load_case_counts
from cswork.store.scenarios import ScenarioError, get_scenario

AS_AT = date(2025, 9, 30)


def test_the_starting_position_agrees_with_the_summary(demo_db: Database) -> None:
    state = starting_state(load_projection_history(demo_db), AS_AT)
    total = build_summary(demo_db, AS_AT).position.total
    assert state.in_post_fte == pytest.approx(total.in_post_fte, abs=1e-6)
    assert state.agency_fte == pytest.approx(total.agency_fte, abs=1e-6)
    assert state.vacancy_fte == pytest.approx(total.vacancy_fte, abs=1e-6)


def test_month_zero_of_a_projection_is_the_summary(tmp_path: Path, demo_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    db = open_db(copy)
    result = run_projection(db, "baseline", months=3, runs=200, seed=4, as_at=AS_AT)
    total = build_summary(db, AS_AT).position.total
    for output in ("in_post_fte", "agency_fte", "vacancy_fte", "vacancy_rate", "agency_rate"):
        assert result.value(output, 0) == pytest.approx(getattr(total, output), abs=1e-6)
    assert result.value("caseload", 0) == pytest.approx(total.caseload, abs=1e-6)
    assert result.months == ("2025-09", "2025-10", "2025-11", "2025-12")


def test_the_baseline_is_calibrated_once_and_includes_planned_cohorts(
    tmp_path: Path, demo_path: Path
) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    db = open_db(copy)
    planned = db.execute(
        "SELECT start_date, planned_size FROM cohorts WHERE start_date > ? ORDER BY start_date",
        (AS_AT.isoformat(),),
    ).fetchall()
    assert len(planned) == 2
    assert get_scenario(db, "baseline") is None
    run_projection(db, "baseline", months=2, runs=1, as_at=AS_AT)
    stored = get_scenario(db, "baseline")
    assert stored is not None
    cohorts = stored.assumptions.cohorts
    assert [(c.start.isoformat(), c.size) for c in cohorts if not c.assumed] == planned
    # after the stored plans, the academy's January and July intakes go on, marked assumed
    assumed = [c for c in cohorts if c.assumed]
    assert [(c.start.year, c.start.month) for c in assumed] == [
        (2027, 1),
        (2027, 7),
        (2028, 1),
        (2028, 7),
    ]
    pattern = {i.month: i.size for i in stored.assumptions.academy_pattern}
    assert set(pattern) == {1, 7}
    assert all(c.size == pattern[c.start.month] for c in assumed)
    with pytest.raises(ScenarioError, match="no scenario called 'other'"):
        run_projection(db, "other", months=2, as_at=AS_AT)


def test_calibrated_rates_sit_inside_their_intervals(demo_db: Database) -> None:
    fit = calibrate(load_projection_history(demo_db), AS_AT)
    for rate in fit.leaver_rates.values():
        assert rate.rate is not None and rate.low is not None and rate.high is not None
        assert rate.low <= rate.rate <= rate.high
    assumptions = baseline_assumptions(load_projection_history(demo_db), AS_AT)
    assert assumptions.experienced_hires_per_month is None  # hiring follows the vacancies
    assert assumptions.vacancy_fill_rate == pytest.approx(fit.vacancy_fill_rate, abs=1e-4)


def test_a_history_beyond_a_scenarios_limits_still_projects(demo_db: Database) -> None:
    # An import of thousands of new spells in one month gave more hires than vacant posts (1.04
    # a vacant FTE a month), which the scenario's own range (0-1) refused with a traceback.
    history = load_projection_history(demo_db)
    fit = calibrate(history, AS_AT)
    unusual = replace(
        fit,
        vacancy_fill_rate=1.0368,
        agency_share_of_vacancies=2.5,
        no_show_rate=1.2,
        absence_rate=0.7,
    )
    assumptions = baseline_from(history, unusual)
    assert assumptions.vacancy_fill_rate == 1.0
    assert assumptions.agency_share_of_vacancies == 2.0
    assert assumptions.no_show_rate == 1.0
    assert assumptions.absence_rate == 0.5
    bands = project_state(starting_state(history, AS_AT), assumptions, 6, 50, 1)
    assert bands["in_post_fte"].p50[6] > 0


def test_compare_runs_each_scenario_from_the_same_start(tmp_path: Path, demo_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    db = open_db(copy)
    first, second = compare(db, ["baseline", "baseline"], months=6, runs=100, seed=9, as_at=AS_AT)
    assert first.value("in_post_fte", 6) == second.value("in_post_fte", 6)


def test_history_is_read_once_until_it_changes(demo_db: Database) -> None:
    assert load_projection_history(demo_db) is load_projection_history(demo_db)


def test_the_store_is_fingerprinted_again_only_when_it_may_have_changed(
    tmp_path: Path, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the history again through a connection that wrote nothing since, or only stored the
    baseline, trusts the fingerprint taken before; a commit by another connection does not. (The
    caseload totals read alongside a fresh history take one of their own, on their own
    connection: only ``db``'s are counted.)"""
    import cswork.store.projection_history as history_store

    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    db = open_db(copy)
    taken: list[object] = []
    fingerprint = history_store.history_fingerprint

    def counted(store: Database) -> tuple[object, ...]:
        if store is db:
            taken.append(store)
        return fingerprint(store)

    monkeypatch.setattr(history_store, "history_fingerprint", counted)
    history = load_projection_history(db)
    assert len(taken) == 1
    assert load_projection_history(db) is history
    assert len(taken) == 1  # nothing written since
    run_projection(db, "baseline", months=2, runs=1, as_at=AS_AT)  # calibrates, stores the baseline
    assert get_scenario(db, "baseline") is not None
    assert load_projection_history(db) is history
    assert len(taken) == 1  # only the baseline was written, by this connection
    other = open_db(copy)
    with other.conn:  # a count for a worker on a new date
        other.execute(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
            "SELECT worker_id, '2025-09-29', case_type, cases FROM caseloads WHERE id = 1"
        )
    fresh = load_projection_history(db)
    assert len(taken) == 2  # another connection committed: fingerprinted again, and it differs
    assert fresh is not history
    with db.conn:  # this connection's own change, not through a service
        db.execute("DELETE FROM caseloads WHERE as_at = '2025-09-29'")
    assert load_projection_history(db) is not fresh
    assert len(taken) == 3
    other.close()
    db.close()


def test_backtest_beats_nothing_changes_for_in_post_fte(demo_db: Database) -> None:
    result = run_backtest(demo_db, "2024-09", 12, AS_AT)
    in_post = next(s for s in result.scores if s.output == "in_post_fte")
    assert in_post.model_mape is not None and in_post.naive_mape is not None
    assert in_post.model_mape < in_post.naive_mape
    assert result.months[0] == "2024-10" and result.months[-1] == "2025-09"


@pytest.mark.parametrize(
    ("start", "months", "message"),
    [
        ("2024/09", 12, "--from must be a month as YYYY-MM, not '2024/09'"),
        ("2025-06", 12, "not enough history: 12 months from 2025-06 runs past the latest data"),
        ("1950-01", 12, "no workforce history on or before 1950-01-31"),
        ("2024-09", 0, "--months must be at least 1, not 0"),
    ],
)
def test_backtest_errors(demo_db: Database, start: str, months: int, message: str) -> None:
    with pytest.raises(BacktestError) as caught:
        run_backtest(demo_db, start, months, AS_AT)
    assert str(caught.value).startswith(message)


def test_a_workforce_without_caseloads_or_cohorts_projects(db: Database) -> None:
    db.execute("INSERT INTO teams (id, name) VALUES (1, 'Team A')")
    db.execute(
        "INSERT INTO establishment (team_id, org_role, funded_fte, effective_from) "
        "VALUES (1, 5, 10, '2020-01-01')"
    )
    for i in range(8):
        db.execute(
            "INSERT INTO workers (id, employee_ref, qualified_date) VALUES (?, ?, '2010-01-01')",
            (i + 1, f"E{i}"),
        )
        db.execute(
            "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date) "
            "VALUES (?, 1, 5, 'permanent', 1.0, '2020-01-01')",
            (i + 1,),
        )
    result = run_projection(db, "baseline", months=3, runs=100, as_at=AS_AT)
    assert result.value("in_post_fte", 0) == 8
    assert result.value("vacancy_fte", 0) == 2
    assert result.value("vacancy_rate", 0) == pytest.approx(20.0)
    assert result.value("caseload", 1) is None  # no cases recorded: undefined, as in the summary
    assert result.assumptions.cohorts == ()


def test_with_nobody_joining_or_leaving_the_demo_keeps_its_fte(demo_db: Database) -> None:
    """Issue 14 item 1: FTE in post of the demo over 36 months, with no leavers, hires, cohorts or
    conversions, is the FTE at the start every month (people cross bands, FTE goes with them)."""
    from dataclasses import replace

    from cswork.model.projection.assumptions import Assumptions
    from cswork.model.projection.engine import simulate

    state = starting_state(load_projection_history(demo_db), AS_AT)
    still = replace(
        Assumptions(),
        experienced_hires_per_month=0.0,
        **{f"leaver_rate_{b}": 0.0 for b in ("nqsw", "early_career", "experienced", "senior")},
    )
    paths = simulate(state, still, 36, deterministic=True)
    assert paths.in_post_fte[0] == pytest.approx([state.in_post_fte] * 37)
    assert paths.band_fte[0, -1, 0] == 0.0  # everyone in the ASYE has moved on


def test_counts_are_read_as_the_history_was_read(tmp_path: Path, demo_path: Path) -> None:
    """A history reads each date's caseload counts when first asked for, and only while the store
    is as it was when the history was read: its own connection's writes elsewhere (the baseline
    stored) do not matter, another connection's change to the history does."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    db = open_db(copy)
    history = load_projection_history(db)
    run_projection(db, "baseline", months=2, runs=1, as_at=AS_AT)  # stores the baseline
    assert get_scenario(db, "baseline") is not None
    assert history.counts.on_or_before(AS_AT) == load_case_counts(
        db, on_or_before=AS_AT, latest_only=True
    )
    earlier = date(2024, 6, 30)  # no start of the baseline's choice reads it
    before = load_case_counts(db, on_or_before=earlier, latest_only=True)
    other = open_db(copy)
    worker = other.execute("SELECT id FROM workers ORDER BY id LIMIT 1").fetchone()[0]
    with other.conn:
        other.execute(
            "INSERT OR REPLACE INTO caseloads (worker_id, as_at, case_type, cases) "
            "VALUES (?, ?, 'CIN', 99)",
            (worker, before[0].as_at.isoformat()),
        )
    with pytest.raises(HistoryChangedError):
        history.counts.on_or_before(earlier)
    assert history.counts.on_or_before(AS_AT)  # read before the change: still the history's
    fresh = load_projection_history(db)
    assert fresh is not history
    assert fresh.counts.on_or_before(earlier) == load_case_counts(
        db, on_or_before=earlier, latest_only=True
    )
    assert fresh.counts.on_or_before(earlier) != before
    other.close()
    db.close()


def test_an_import_undone_is_a_new_history(tmp_path: Path, demo_path: Path) -> None:
    """Undoing an import changes the history even when it only changed counts in place."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_path, copy)
    db = open_db(copy)
    ref, on = db.execute(
        "SELECT w.employee_ref, c.as_at FROM caseloads c JOIN workers w ON w.id = c.worker_id "
        "WHERE c.case_type = 'CIN' ORDER BY c.as_at DESC, c.id LIMIT 1"
    ).fetchone()
    original = load_projection_history(db).cases_by_date
    path = tmp_path / "wide.csv"
    path.write_text(f"Worker,CIN\n{ref},97\n")
    imported = run_import(db, "caseloads", path, ImportOptions(as_at=date.fromisoformat(on)))
    assert imported.outcome == "ok"
    changed = load_projection_history(db)
    assert changed.cases_by_date != original
    undo_import(db, imported.import_id or 0)
    undone = load_projection_history(db)
    assert undone is not changed
    assert undone.cases_by_date == original
    day = date.fromisoformat(on)
    assert undone.counts.on_or_before(day) == load_case_counts(
        db, on_or_before=day, latest_only=True
    )
    db.close()


def test_a_history_is_read_in_any_thread_that_loaded_it(demo_path: Path) -> None:
    """The cached history is shared between threads; each reads counts through its own
    connection."""
    first = open_db(demo_path, create=False)
    history = load_projection_history(first)
    found: list[object] = []

    def worker() -> None:
        own = open_db(demo_path, create=False)
        assert load_projection_history(own) is history
        found.append(history.counts.on_or_before(date(2023, 6, 30)))
        own.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert found == [load_case_counts(first, on_or_before=date(2023, 6, 30), latest_only=True)]
    first.close()
