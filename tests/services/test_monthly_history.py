"""Month ends for trends, picking the latest count, and the overview on a hand-built authority."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest

from cswork.model.spell_table import SpellTable
from cswork.model.workforce import CaseCount
from cswork.services.monthly_history import CountsByDate, month_ends
from cswork.services.overview import build_overview
from cswork.store import Database
from cswork.store.staff import load_role_spells, load_spell_table


def test_month_ends_run_up_to_the_date_itself() -> None:
    assert month_ends(date(2025, 3, 15), 4) == [
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 15),
    ]


def test_counts_by_date_picks_the_latest_on_or_before() -> None:
    jan = CaseCount("E1", date(2025, 1, 31), "CIN", 3)
    feb = CaseCount("E1", date(2025, 2, 28), "CIN", 5)
    counts = CountsByDate([jan, feb])
    assert counts.latest_on_or_before(date(2025, 1, 1)) == []
    assert counts.latest_on_or_before(date(2025, 2, 27)) == [jan]
    assert counts.latest_on_or_before(date(2025, 3, 31)) == [feb]


def _authority(db: Database) -> None:
    """One team, target 18, two case holders: E1 (1.0 FTE, all along) and E2 (0.5 FTE from
    1 September 2025), funded 2.0 FTE of OrgRole 5, and an agency worker (1.0 FTE) since August."""
    with db.atomic():
        db.execute("INSERT INTO teams (id, name) VALUES (1, 'North')")
        for worker_id, ref in ((1, "E1"), (2, "E2"), (3, "AG1")):
            db.execute(
                "INSERT INTO workers (id, employee_ref, qualified_date) VALUES (?, ?, '2010-01-01')",
                (worker_id, ref),
            )
        for worker_id, contract, fte, start in (
            (1, "permanent", 1.0, "2020-01-01"),
            (2, "permanent", 0.5, "2025-09-01"),
            (3, "agency", 1.0, "2025-08-01"),
        ):
            db.execute(
                "INSERT INTO role_spells (worker_id, team_id, org_role, contract, fte, start_date) "
                "VALUES (?, 1, 5, ?, ?, ?)",
                (worker_id, contract, fte, start),
            )
        db.execute(
            "INSERT INTO establishment (team_id, org_role, funded_fte, effective_from) "
            "VALUES (1, 5, 2.0, '2020-01-01')"
        )
        for worker_id, on, cases in (
            (1, "2025-08-31", 20),
            (1, "2025-09-30", 20),
            (2, "2025-09-30", 6),
        ):
            db.execute(
                "INSERT INTO caseloads (worker_id, as_at, case_type, cases) VALUES (?, ?, 'CIN', ?)",
                (worker_id, on, cases),
            )


def test_overview_by_hand(db: Database) -> None:
    _authority(db)
    overview = build_overview(db, date(2025, 9, 30), months=3)
    tiles = {tile.key: tile for tile in overview.tiles}
    # 31 July: E1 only (1.0 FTE), vacancy 1.0; 31 August: + agency; 30 September: + E2 (0.5 FTE)
    assert tiles["in_post"].trend == (1.0, 1.0, 1.5)
    assert tiles["in_post"].change == 0.5
    assert tiles["agency"].trend == (0.0, 1.0, 1.0)
    assert tiles["vacancies"].trend == (1.0, 1.0, 0.5)
    # vacancy rate 0.5 / (0.5 + 1.5) = 25 %; agency rate 1 / (1 + 1.5) = 40 %
    assert tiles["vacancy_rate"].value == 25.0
    assert tiles["agency_rate"].value == 40.0
    # caseload: (20 + 6) cases / 1.5 case-holding FTE
    assert tiles["caseload"].value is not None
    assert round(tiles["caseload"].value, 4) == round(26 / 1.5, 4)
    # July has no count yet; E1 holds 20 against capacity 18 in August and September
    assert tiles["over_capacity"].trend == (0.0, 1.0, 1.0)
    assert tiles["in_post"].note == "2 workers"
    kinds = [alert.kind for alert in overview.alerts]
    # agency rate 40 % is above the 20 % alert; team: 26 / (18 + 9) = 96 %, not above 110 %
    assert kinds == ["agency"]
    assert overview.alerts[0].message == "Agency rate 40.0%, above the 20% alert"


def test_england_is_the_year_published_by_the_date() -> None:
    from cswork.reference import england_rows
    from cswork.services.overview import england_as_at

    rows = england_rows()
    held = {row.year for row in rows}
    for row in rows:
        census = date(row.year, 9, 30)
        assert england_as_at(census) == row
        assert england_as_at(date(row.year + 1, 9, 29)) == row
        before = england_as_at(date(row.year, 9, 29))
        # The year before's figure if held; never a later or an earlier year's instead.
        assert before is None if row.year - 1 not in held else before.year == row.year - 1


def test_a_year_without_an_england_row_says_so() -> None:
    from cswork.reference import england_rows, no_england_figure
    from cswork.services.overview import england_as_at

    held = {row.year for row in england_rows()}
    missing = next(year for year in range(2000, 2100) if year not in held)
    assert england_as_at(date(missing, 12, 31)) is None
    assert no_england_figure(date(missing, 12, 31)) == f"no England figure for {missing}"


@pytest.mark.parametrize(
    ("started_by", "since"),
    [
        (date(2025, 9, 30), date(2022, 9, 30)),
        (date(2025, 9, 30), None),
        (date(2021, 3, 15), date(2020, 3, 15)),
        (date(2000, 1, 1), None),  # no spell yet
    ],
)
def test_the_spell_table_read_as_columns_is_the_records_table(
    demo_db: Database, started_by: date, since: date | None
) -> None:
    """The Overview reads its spells as columns, making records only of those asked for: the
    table, the vacancy cover and every record are those of the records read one by one."""
    records = load_role_spells(demo_db, started_by=started_by, workers_in_post_since=since)
    table, covering = load_spell_table(demo_db, started_by=started_by, workers_in_post_since=since)
    expected = SpellTable.of(records)
    for field in dataclasses.fields(SpellTable):
        got, wanted = getattr(table, field.name), getattr(expected, field.name)
        if isinstance(wanted, np.ndarray):
            assert got.dtype == wanted.dtype and np.array_equal(got, wanted), field.name
        else:
            assert tuple(got) == tuple(wanted), field.name
    assert covering == [s.covering_vacancy for s in records]
    assert len(table.spells) == len(records)
    if records:  # asked for out of order, singly and by slice, each record is the same
        assert table.spells[-1] == records[-1]
        assert table.spells[len(records) // 2] == records[len(records) // 2]
        assert list(table.spells[1:5]) == records[1:5]
        assert list(table.spells) == records
