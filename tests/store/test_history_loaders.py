"""The projection history's loaders give what their record-by-record oracles give: the same spells
in the same order, the same columns (values and dtypes), on the demo and on a scaled demo."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cswork.model.absence import AbsencePeriods
from cswork.model.spell_table import SpellTable, record_field
from cswork.store import Database
from cswork.store.caseloads import CountWorkers, count_workers
from cswork.store.census import load_absences
from cswork.store.db import open_db
from cswork.store.projection_history import (
    CohortPlan,
    first_appearance,
    load_absence_periods,
    load_cohort_plans,
)
from cswork.store.rows import must_date
from cswork.store.spell_rows import (
    PACKED_SPELLS_SQL,
    SPELLS_SQL,
    _packed,
    _SpellRecords,
    table_of_rows,
)
from cswork.store.staff import load_all_spell_table, load_role_spells, load_spell_table


@pytest.fixture(params=["demo", "scaled"])
def store(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The demo, then the demo scaled ten times, opened read-only."""
    path: Path = request.getfixturevalue(f"{request.param}_path")
    db = open_db(path, create=False)
    yield db
    db.close()


def assert_same_table(table: SpellTable, oracle: SpellTable) -> None:
    """Every field alike: arrays in dtype, shape and values, names in type and value, records."""
    for field in fields(SpellTable):
        got, want = getattr(table, field.name), getattr(oracle, field.name)
        if field.name == "spells":
            assert list(got) == list(want)
            assert [type(s.start) for s in got] == [type(s.start) for s in want]
        elif isinstance(want, np.ndarray):
            assert got.dtype == want.dtype, field.name
            assert np.array_equal(got, want), field.name
        else:
            assert type(got) is type(want), field.name
            assert got == want, field.name


def test_every_spell_table_is_the_records_table(store: Database) -> None:
    assert_same_table(load_all_spell_table(store), SpellTable.of(load_role_spells(store)))


@pytest.mark.parametrize("name", ["fte", "hourly_charge", "route", "destination"])
def test_fields_read_without_records_are_the_records_fields(store: Database, name: str) -> None:
    table = load_all_spell_table(store)
    rows = np.arange(len(table) - 1, -1, -3)
    got = record_field(table.spells, name, rows)
    assert got == [getattr(s, name) for s in load_role_spells(store)[::-1][::3]]
    assert len({type(value) for value in got}) == (1 if name == "fte" else 2)  # with None


def test_a_filtered_spell_table_is_the_records_table(store: Database) -> None:
    started_by, since = date(2025, 3, 31), date(2024, 3, 31)
    table, covering = load_spell_table(store, started_by=started_by, workers_in_post_since=since)
    spells = load_role_spells(store, started_by=started_by, workers_in_post_since=since)
    assert_same_table(table, SpellTable.of(spells))
    assert covering == [s.covering_vacancy for s in spells]


def test_sqlite_packs_spells_as_the_store_does(store: Database) -> None:
    packed = store.execute(PACKED_SPELLS_SQL.format(where="")).fetchall()
    rows = store.execute(SPELLS_SQL.format(where="")).fetchall()
    assert packed == [_packed(row) for row in rows]
    assert any(row[13] >> 22 for row in packed)  # some qualifying dates
    assert any(row[13] & (1 << 22) - 1 for row in packed)  # some ends


def test_rows_not_in_reference_order_are_numbered_by_first_appearance(demo_db: Database) -> None:
    rows = demo_db.execute(PACKED_SPELLS_SQL.format(where="")).fetchall()
    rows = rows[1::2] + rows[::2]  # a worker's spells apart
    assert_same_table(table_of_rows(rows), SpellTable.of(list(_SpellRecords(rows))))


@pytest.mark.parametrize(
    ("update", "read"),
    [
        # ISO's basic form: 4000101 to SQLite is a Julian day, in the year 6239
        (
            "UPDATE role_spells SET start_date = '04000101' WHERE id = "
            "(SELECT MIN(id) FROM role_spells WHERE end_date IS NULL)",
            ("start", date(400, 1, 1)),
        ),
        (
            "UPDATE workers SET qualified_date = '2015-W20-1' WHERE id = 1",
            ("qualified", date(2015, 5, 11)),
        ),
        (
            "UPDATE workers SET qualified_date = '04000101' WHERE id = 1",
            ("qualified", date(400, 1, 1)),
        ),
    ],
)
def test_dates_sqlite_reads_otherwise_are_read_by_the_store(
    demo_path: Path, tmp_path: Path, update: str, read: tuple[str, date]
) -> None:
    path = tmp_path / "odd.db"
    path.write_bytes(demo_path.read_bytes())
    db = open_db(path, create=False)
    db.execute(update)
    assert store_packs(db)
    table = load_all_spell_table(db)
    assert_same_table(table, SpellTable.of(load_role_spells(db)))
    field, day = read
    assert day in [getattr(s, field) for s in table.spells]
    db.close()


def store_packs(db: Database) -> bool:
    """Whether SQLite leaves some spell for the store to pack."""
    rows = db.execute(PACKED_SPELLS_SQL.format(where="")).fetchall()
    return any(row[12] is None or row[13] is None for row in rows)


def test_no_spells_is_an_empty_table(db: Database) -> None:
    assert_same_table(load_all_spell_table(db), SpellTable.of([]))


def test_absence_periods_are_the_records_columns(store: Database) -> None:
    got = load_absence_periods(store)
    want = AbsencePeriods.of(load_absences(store, date.min, date.max))
    assert len(want.worker) > 100
    for field in fields(AbsencePeriods):
        a, b = getattr(got, field.name), getattr(want, field.name)
        assert a.dtype == b.dtype, field.name
        assert np.array_equal(a, b), field.name


def test_absence_dates_sqlite_reads_otherwise_are_read_by_the_store(
    demo_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "odd.db"
    path.write_bytes(demo_path.read_bytes())
    db = open_db(path, create=False)
    db.execute(
        "UPDATE absences SET period_start = '04000101' WHERE id = (SELECT MIN(id) FROM absences)"
    )
    got = load_absence_periods(db)
    want = AbsencePeriods.of(load_absences(db, date.min, date.max))
    assert date(400, 1, 1).toordinal() in got.start.tolist()
    for field in fields(AbsencePeriods):
        assert np.array_equal(getattr(got, field.name), getattr(want, field.name)), field.name
    db.close()


def test_no_absences_are_empty_columns(db: Database) -> None:
    got, want = load_absence_periods(db), AbsencePeriods.of([])
    for field in fields(AbsencePeriods):
        assert getattr(got, field.name).dtype == getattr(want, field.name).dtype


def test_first_appearance_numbers_in_order_of_first_sight() -> None:
    ids = np.array([50, 30, 50, 90, 30, 10], dtype=np.int64)
    assert first_appearance(ids).tolist() == [0, 1, 0, 2, 1, 3]


def cohort_plans_joined(db: Database) -> list[CohortPlan]:
    """The cohort plans as first read (workers joined to each cohort): the oracle."""
    rows = db.execute(
        "SELECT c.name, c.start_date, c.planned_size, COUNT(w.id) FROM cohorts c "
        "LEFT JOIN workers w ON w.cohort_id = c.id GROUP BY c.id ORDER BY c.start_date, c.name"
    ).fetchall()
    return [CohortPlan(r[0], must_date(r[1]), r[2], int(r[3])) for r in rows]


def test_cohort_plans_are_the_joined_counts(store: Database) -> None:
    plans = load_cohort_plans(store)
    assert plans == cohort_plans_joined(store)
    assert any(plan.starters for plan in plans)


def test_a_cohort_without_workers_has_none(db: Database) -> None:
    db.execute("INSERT INTO cohorts (id, name, start_date) VALUES (1, 'B', '2024-09-01')")
    db.execute(
        "INSERT INTO cohorts (id, name, start_date, planned_size) VALUES (2, 'A', '2024-09-01', 8)"
    )
    db.execute(
        "INSERT INTO workers (employee_ref, cohort_id) VALUES ('E1', 1), ('E2', 1), ('E3', NULL)"
    )
    assert load_cohort_plans(db) == cohort_plans_joined(db)
    assert [(p.name, p.starters) for p in load_cohort_plans(db)] == [("A", 0), ("B", 2)]


def count_workers_by_rows(db: Database) -> CountWorkers:
    """The workers numbered for count tables as first read (a row each): the oracle."""
    workers = db.execute("SELECT id, employee_ref FROM workers ORDER BY id").fetchall()
    position = np.zeros(workers[-1][0] + 1 if workers else 0, dtype=np.int32)
    position[[w[0] for w in workers]] = np.arange(len(workers), dtype=np.int32)
    return CountWorkers(tuple(w[1] for w in workers), position)


def assert_same_workers(got: CountWorkers, want: CountWorkers) -> None:
    assert type(got.refs) is tuple
    assert got.refs == want.refs
    assert got.position.dtype == want.position.dtype
    assert np.array_equal(got.position, want.position)


def test_count_workers_are_the_rows_numbering(store: Database) -> None:
    assert_same_workers(count_workers(store), count_workers_by_rows(store))


@pytest.mark.parametrize("refs", [[], ["E1"], ["E1", "E\x1f2", "E3"], ["", "E2"]])
def test_count_workers_of_odd_references(db: Database, refs: list[str]) -> None:
    for i, ref in enumerate(refs):
        db.execute("INSERT INTO workers (id, employee_ref) VALUES (?, ?)", [3 * i + 2, ref])
    assert_same_workers(count_workers(db), count_workers_by_rows(db))
    assert count_workers(db).refs == tuple(refs)
