"""Caseload pressure in columns gives what the record code gave, to the last bit and the last type.

``build_pressure`` reads the spells as columns (:func:`cswork.store.staff.load_spell_columns`) and
works each worker out in numpy (:class:`cswork.model.pressure_columns.PressureColumns`), where it
made a :class:`RoleSpell` per spell and a pass per worker. The record code is the oracle: its
store readers, ``asye_start`` and ``worker_pressures`` stay in the package (the summary and the
alerts use them) and the report it made is rebuilt in ``test_scale_outputs``. Records are compared
by ``repr`` and the JSON as text, so that ``0`` against ``0.0`` (a worker with no counts at all
has the integer 0 weighted cases in the record code) cannot pass unseen.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cswork.commands.json_text import indented_json
from cswork.model.count_table import CaseCountTable
from cswork.model.pressure import asye_start, worker_pressures
from cswork.model.pressure_columns import PressureColumns, SpellColumns, asye_began
from cswork.services.pressure import build_pressure, pressure_json
from cswork.store import Database, open_db
from cswork.store.caseloads import count_dates, load_case_counts, load_count_table
from cswork.store.settings import load_settings
from cswork.store.staff import cohort_starts, load_role_spells, load_spell_columns
from cswork.store.teams import team_targets
from tests.conftest import DEMO_AS_AT
from tests.services.test_scale_outputs import reference_pressure_json, stressed  # noqa: F401

#: Month ends, a mid-month day between counts, the first count and a day before any count.
DAYS = (
    DEMO_AS_AT,
    date(2025, 9, 29),
    date(2024, 6, 20),
    date(2023, 3, 15),
    date(2020, 11, 30),
    date(2020, 9, 30),
    date(2020, 1, 1),
)


def _same_text(db: Database, as_at: date, team: str | None = None) -> None:
    expected = json.dumps(reference_pressure_json(db, as_at, team), indent=2, ensure_ascii=False)
    assert indented_json(pressure_json(build_pressure(db, as_at, team))) == expected


def _same_workers(db: Database, on: date) -> None:
    """Every worker in post on ``on``, from the columns and from the records."""
    settings, targets, starts = load_settings(db), team_targets(db), cohort_starts(db)
    records = load_role_spells(db, started_by=on)
    latest = load_case_counts(db, on_or_before=on, latest_only=True)
    expected = worker_pressures(records, latest, on, settings, targets, starts)
    counted = latest[0].as_at if latest else None
    table = load_count_table(db, [counted] if counted else [])
    columns = load_spell_columns(db, started_by=on)
    calculator = PressureColumns(columns, table, settings, targets, starts)
    found = calculator.worker_pressures(calculator.day(on, counted))
    assert [repr(w) for w in found] == [repr(w) for w in expected]
    assert [list(w.cases_by_type.items()) for w in found] == [
        list(w.cases_by_type.items()) for w in expected
    ]


def _same_columns(db: Database, on: date, since: date | None = None) -> None:
    """The store's columns are the records' columns, and each worker's ASYE start is theirs."""
    records = load_role_spells(db, started_by=on, workers_in_post_since=since)
    found = load_spell_columns(db, started_by=on, workers_in_post_since=since)
    expected = SpellColumns.of(records)
    for name in SpellColumns.__slots__:
        assert np.array_equal(getattr(found, name), getattr(expected, name)), name
    starts = cohort_starts(db)
    by_worker: dict[str, list[object]] = {}
    for spell in records:
        by_worker.setdefault(spell.worker_ref, []).append(spell)
    began = asye_began(found, starts).tolist()
    for i, ref in enumerate(found.refs):
        start = asye_start(by_worker[ref], starts)  # type: ignore[arg-type]
        assert began[i] == (-1 if start is None else start.toordinal()), ref


@pytest.mark.parametrize("on", DAYS)
def test_the_demos_workers_are_the_record_codes(demo_db: Database, on: date) -> None:
    _same_workers(demo_db, on)


@pytest.mark.parametrize("on", DAYS)
def test_stressed_workers_are_the_record_codes(stressed: Database, on: date) -> None:  # noqa: F811
    _same_workers(stressed, on)


@pytest.mark.parametrize("since", [None, date(2024, 10, 31), date(2020, 9, 30)])
def test_the_spells_as_columns_are_the_records(
    demo_db: Database,
    stressed: Database,  # noqa: F811
    since: date | None,
) -> None:
    _same_columns(demo_db, DEMO_AS_AT, since)
    _same_columns(stressed, date(2024, 6, 20), since)


def test_the_counts_as_columns_are_the_stores(stressed: Database) -> None:  # noqa: F811
    days = count_dates(stressed)
    table = load_count_table(stressed, days)
    for on in (DEMO_AS_AT, date(2024, 6, 14), date(2024, 6, 30), date(2020, 9, 30)):
        assert table.on_or_before(on) == load_case_counts(
            stressed, on_or_before=on, latest_only=True
        )
    records = load_case_counts(stressed)
    assert table.totals_by_date() == CaseCountTable.of(records).totals_by_date()


@pytest.mark.parametrize("as_at", [DEMO_AS_AT, date(2024, 6, 20), date(2020, 11, 30)])
def test_the_json_is_the_record_codes_to_the_byte(
    demo_db: Database,
    stressed: Database,  # noqa: F811
    as_at: date,
) -> None:
    _same_text(demo_db, as_at)
    _same_text(stressed, as_at)
    _same_text(stressed, as_at, "Assessment 1")


def test_a_worker_without_counts_keeps_the_integer_zero(demo_db: Database) -> None:
    """The record code's sum of no counts is the integer 0, which JSON writes as ``0``."""
    report = build_pressure(demo_db, DEMO_AS_AT, with_trends=False)
    idle = [w for w in report.workers if not w.cases_by_type]
    assert idle
    assert all(type(w.weighted_caseload) is int for w in idle)
    assert all(type(w.weighted_caseload) is float for w in report.workers if w.cases_by_type)


@pytest.mark.slow
def test_ten_times_the_demo_to_the_byte(scaled_path: Path) -> None:
    store = open_db(scaled_path, create=False)
    _same_text(store, DEMO_AS_AT)
    _same_workers(store, date(2024, 6, 20))
    store.close()
