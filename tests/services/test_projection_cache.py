"""The Projections screen's figures kept in the store: the same figures, bit for bit, as working them
out; never used after a write of cswork's own, nor (best effort) after one made outside it; and a
read-only database works them out without writing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

import cswork.services.projection as projection
import cswork.services.projection_view as view_module
import cswork.store.db as store_db
from cswork.services.projection import load_projection_history, projection_json
from cswork.services.projection_view import (
    ProjectionsView,
    model_skill,
    projections_view,
    table_rows,
)
from cswork.services.settings import change_setting
from cswork.store import Database, open_db
from cswork.store.derived import bump_history_version, clear_derived

AS_AT = date(2025, 9, 30)


@pytest.fixture
def store(demo_path: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo, with nothing kept yet."""
    path = tmp_path / "demo.db"
    path.write_bytes(demo_path.read_bytes())
    db = open_db(path, create=False)
    clear_derived(db)
    yield db
    db.close()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the projection history reads the view and skill line make."""
    calls: list[int] = []
    real = view_module.load_projection_history

    def counted(db: Database, **options: bool) -> projection.ProjectionHistory:
        calls.append(1)
        return real(db, **options)

    monkeypatch.setattr(view_module, "load_projection_history", counted)
    monkeypatch.setattr("cswork.services.backtest.load_projection_history", counted)
    return calls


def _same(first: ProjectionsView, second: ProjectionsView) -> None:
    assert (first.as_at, first.scenarios, first.scenario) == (
        second.as_at,
        second.scenarios,
        second.scenario,
    )
    assert first.assumptions == second.assumptions
    assert first.calibrated == second.calibrated
    one, two = first.result, second.result
    assert (one.scenario, one.as_at, one.months, one.runs, one.seed, one.warnings) == (
        two.scenario,
        two.as_at,
        two.months,
        two.runs,
        two.seed,
        two.warnings,
    )
    assert one.assumptions == two.assumptions
    assert one.bands.keys() == two.bands.keys()
    for name, band in one.bands.items():
        for quantile in ("p10", "p50", "p90"):
            mine, kept = getattr(band, quantile), getattr(two.bands[name], quantile)
            assert mine.dtype == kept.dtype and mine.shape == kept.shape
            assert np.array_equal(mine, kept, equal_nan=True), (name, quantile)
    assert projection_json(one) == projection_json(two)
    assert table_rows(one) == table_rows(two)


def _kinds(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT kind FROM derived_figures ORDER BY kind")]


def test_kept_figures_are_the_figures_worked_out(store: Database, reads: list[int]) -> None:
    first, line = projections_view(store, AS_AT), model_skill(store, AS_AT)
    assert reads and line.kept and line.line.startswith("Checked on ")
    assert _kinds(store) == ["leaver rates", "projection", "skill"]
    reads.clear()
    second, again = projections_view(store, AS_AT), model_skill(store, AS_AT)
    assert reads == []  # from the store: the history is not read at all
    _same(first, second)
    assert again.line == line.line and not again.kept
    projection._cache.clear()  # and a fresh process working them out gives the same
    clear_derived(store)
    _same(projections_view(store, AS_AT), second)


def test_a_write_of_cswork_makes_them_worked_out_again(store: Database, reads: list[int]) -> None:
    projections_view(store, AS_AT)
    model_skill(store, AS_AT)
    change_setting(store, "standard_hours", "36")
    reads.clear()
    changed = projections_view(store, AS_AT)
    assert reads  # worked out again
    model_skill(store, AS_AT)
    clear_derived(store)
    projection._cache.clear()
    _same(changed, projections_view(store, AS_AT))


def test_an_edit_outside_cswork_that_adds_rows_is_noticed(
    store: Database, reads: list[int]
) -> None:
    projections_view(store, AS_AT)
    path = store_db.database_file(store)
    shell = sqlite3.connect(path)
    with shell:
        shell.execute(
            "INSERT INTO caseloads (worker_id, as_at, case_type, cases) "
            "SELECT worker_id, as_at, 'CIN', 99 FROM caseloads WHERE as_at = ? LIMIT 1",
            (AS_AT.isoformat(),),
        )
    shell.close()
    reads.clear()
    projections_view(store, AS_AT)
    assert reads


def test_a_read_only_database_works_them_out_and_writes_nothing(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[int]
) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(demo_path.read_bytes())
    writable = open_db(path, create=False)
    clear_derived(writable)
    expected = projections_view(writable, AS_AT)  # the baseline is stored, nothing else changes
    clear_derived(writable)
    writable.close()
    monkeypatch.setattr(store_db, "is_writable", lambda _: False)
    db = open_db(path, create=False)
    assert store_db.is_read_only(db)
    projection._cache.clear()
    _same(projections_view(db, AS_AT), expected)
    assert not model_skill(db, AS_AT).kept
    assert _kinds(db) == []
    db.close()


def test_the_history_read_in_process_is_read_again_after_a_write_keeping_every_count(
    store: Database,
) -> None:
    first = load_projection_history(store)
    assert load_projection_history(store) is first
    with store.atomic():  # a case count changed in place: no count, largest id or total moves
        bump_history_version(store)
        store.execute("UPDATE caseloads SET cases = cases + 1 WHERE id = 1")
    assert load_projection_history(store) is not first
