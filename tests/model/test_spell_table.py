"""The column-wise history and starting position equal the record-by-record code to the last bit.

The oracle (``tests/model/projection_oracle.py``) is the code the projection used before issue 18.
Random spells stress what the demo rarely shows: moves within the authority, concurrent roles,
same-day starts, agency conversions, spells shuffled out of worker order, ASYEs from cohorts and
from qualifying dates, and case types the settings do not know.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from cswork.model.count_table import CaseCountTable
from cswork.model.position import arrivals, departures
from cswork.model.projection.history import CONVERSION_DAYS, converted, monthly_history
from cswork.model.projection.state import build_starting_state
from cswork.model.settings import Settings
from cswork.model.spell_table import (
    SpellTable,
    arrival_rows,
    completed_months,
    converted_rows,
    departure_rows,
)
from cswork.model.workforce import CaseCount, Contract, EstablishmentLine, RoleSpell
from cswork.services.projection import load_projection_history
from cswork.store import Database, open_db
from tests.model.projection_oracle import reference_monthly_history, reference_starting_state

COHORTS = {"C1": date(2019, 3, 4), "C2": date(2020, 9, 7), "C3": date(2020, 2, 29)}


def random_spells(seed: int) -> list[RoleSpell]:
    """Spells of a few dozen workers, several each, in no particular order."""
    rng = random.Random(seed)
    spells = []
    for _ in range(60):
        ref = f"W{rng.randint(0, 40):03d}"
        for _ in range(rng.choice([1, 1, 2, 3, 4])):
            start = date(2018, 1, 1) + timedelta(days=rng.randint(0, 2500))
            length = rng.choice([0, 1, 6, 7, 8, 30, 400, rng.randint(0, 1500)])
            spells.append(
                RoleSpell(
                    worker_ref=ref,
                    team=rng.choice("ABC"),
                    org_role=rng.choice([1, 2, 3, 4, 5, 5, 5, 6]),
                    contract=rng.choice(list(Contract)),
                    fte=rng.choice([1.0, 0.5, 0.8, 0.6, 0.1, 1.0]),
                    start=start,
                    end=None if rng.random() < 0.3 else start + timedelta(days=length),
                    qualified=rng.choice(
                        [None, start - timedelta(days=rng.randint(-200, 3000)), date(2016, 2, 29)]
                    ),
                    cohort=rng.choice([None, None, "C1", "C2", "C3", "unplanned"]),
                )
            )
    rng.shuffle(spells)
    return spells


def random_counts(seed: int, spells: list[RoleSpell]) -> list[CaseCount]:
    rng = random.Random(seed)
    refs = sorted({s.worker_ref for s in spells} | {"nobody"})
    return [
        CaseCount(ref, on, rng.choice(["CIN", "CP", "CL", "FOSTERING"]), rng.randint(0, 9))
        for on in (date(2020, 1, 15), date(2021, 3, 28), date(2021, 6, 28))
        for ref in refs
        for _ in range(rng.randint(0, 3))
    ]


def random_establishment(seed: int) -> list[EstablishmentLine]:
    rng = random.Random(seed)
    return [
        EstablishmentLine(
            rng.choice("ABCD"),
            rng.choice([1, 4, 5, 5, 6]),
            rng.choice([1.0, 2.5, 3.0, 0.5]),
            date(2018, 1, 1) + timedelta(days=rng.randint(0, 3000)),
        )
        for _ in range(12)
    ]


def same(first: object, second: object) -> bool:
    """Equal to the last bit, field by field (``repr`` tells 0.30000000000000004 from 0.3, and
    a float from an int)."""
    return repr(dataclasses.astuple(first)) == repr(dataclasses.astuple(second))  # type: ignore[call-overload]


@pytest.mark.parametrize("seed", range(60))
def test_random_spells_give_what_the_records_gave(seed: int) -> None:
    spells = random_spells(seed)
    counts = random_counts(seed, spells)
    establishment = random_establishment(seed)
    settings = Settings()
    for as_at in (date(2021, 6, 30), date(2020, 1, 31), date(2018, 2, 28)):
        started = [s for s in spells if s.start <= as_at]
        args = (started, establishment)
        rest = (as_at, settings, {"A": 14.0}, COHORTS, {"CIN": 0.02}, 0.1)
        expected = reference_starting_state(*args, counts, *rest)
        assert same(build_starting_state(*args, counts, *rest), expected)
        # a table of counts names any type the settings do not know OTHER
        other = [
            dataclasses.replace(c, case_type="OTHER") if c.case_type == "FOSTERING" else c
            for c in counts
        ]
        expected = reference_starting_state(*args, other, *rest)
        assert same(build_starting_state(*args, CaseCountTable.of(counts), *rest), expected)
    for expected, got in zip(
        reference_monthly_history(spells, establishment, date(2025, 1, 31), settings, COHORTS),
        monthly_history(spells, establishment, date(2025, 1, 31), settings, COHORTS),
        strict=True,
    ):
        assert same(got, expected)


@pytest.mark.parametrize("seed", range(100))
def test_arrival_rows_are_the_arrivals(seed: int) -> None:
    spells = random_spells(seed)
    table = SpellTable.of(spells)
    for start, end in ((date.min, date(2030, 1, 1)), (date(2019, 9, 30), date(2021, 9, 30))):
        expected = arrivals(spells, start, end)
        got = [table.spells[row] for row in arrival_rows(table, start, end).tolist()]
        assert len(got) == len(expected)
        assert all(a is b for a, b in zip(got, expected, strict=True))


def test_completed_months_counts_as_the_months_module() -> None:
    from cswork.model import months

    days = [
        date(2020, 1, 31),
        date(2020, 2, 29),
        date(2021, 2, 28),
        date(2020, 3, 1),
        date(1969, 12, 31),
    ]

    for start in days:
        for end in days:
            got = completed_months(np.array([start.toordinal()]), np.array([end.toordinal()]))
            assert int(got[0]) == months.completed_months(start, end)


def _assert_store_gives_what_it_gave(store: Database) -> None:
    history = load_projection_history(store)
    last = max([s.start for s in history.spells] + [s.end for s in history.spells if s.end])
    args = (history.spells, history.establishment, last, history.settings, history.cohort_starts)
    for got, expected in zip(monthly_history(*args), reference_monthly_history(*args), strict=True):
        assert same(got, expected)
    for as_at in (date(2025, 9, 30), date(2023, 3, 31), date(2019, 1, 31), date(2026, 6, 30)):
        started = [s for s in history.spells if s.start <= as_at]
        rest = (
            as_at,
            history.settings,
            history.team_targets,
            history.cohort_starts,
            {"CP": 0.03},
            0.05,
        )
        expected = reference_starting_state(
            started, list(history.establishment), history.counts.on_or_before(as_at), *rest
        )
        got = build_starting_state(started, list(history.establishment), history.counts, *rest)
        assert same(got, expected)


def test_the_demo_gives_what_it_gave(demo_db: Database) -> None:
    _assert_store_gives_what_it_gave(demo_db)


@pytest.mark.slow
def test_ten_times_the_demo_gives_what_it_gave(scaled_path: Path) -> None:
    store = open_db(scaled_path, create=False)
    _assert_store_gives_what_it_gave(store)
    store.close()


@pytest.mark.parametrize("seed", range(100))
def test_departure_rows_are_the_departures(seed: int) -> None:
    spells = random_spells(seed)
    table = SpellTable.of(spells)
    for start, end in ((date.min, date(2030, 1, 1)), (date(2019, 9, 30), date(2021, 9, 30))):
        expected = departures(spells, start, end)
        got = [table.spells[row] for row in departure_rows(table, start, end).tolist()]
        assert len(got) == len(expected)
        assert all(a is b for a, b in zip(got, expected, strict=True))


@pytest.mark.parametrize("seed", range(100))
def test_converted_rows_are_the_conversions(seed: int) -> None:
    spells = random_spells(seed)
    table = SpellTable.of(spells)
    rows = arrival_rows(table, date.min, date(2030, 1, 1))
    theirs = {ref: [s for s in spells if s.worker_ref == ref] for ref in table.refs}
    expected = [
        converted(table.spells[r], theirs[table.spells[r].worker_ref]) for r in rows.tolist()
    ]
    assert converted_rows(table, rows, CONVERSION_DAYS).tolist() == expected


def test_a_conversion_is_an_agency_spell_ending_in_the_month_before() -> None:
    start = date(2022, 3, 1)

    def spell(ref: str, contract: Contract, begin: date, end: date | None = None) -> RoleSpell:
        return RoleSpell(ref, "A", 5, contract, 1.0, begin, end)

    spells = [
        spell(ref, Contract.AGENCY, date(2021, 1, 4), start - timedelta(days=gap))
        for ref, gap in (("A", 1), ("B", 31), ("C", 32), ("D", 0))
    ] + [spell(ref, Contract.PERMANENT, start) for ref in "ABCD"]
    table = SpellTable.of(spells)
    rows = np.flatnonzero(table.la)
    assert converted_rows(table, rows, CONVERSION_DAYS).tolist() == [True, True, False, False]


def test_months_and_days_looked_up_are_those_worked_out_for_every_date() -> None:
    """The calendar look-up gives numpy's own conversion for every date from 1 January of year 1
    to 31 December 9999 (inside the calendar's span and outside it, all at once and a few at a
    time), and a year after is the same day a year later (28 February for 29 February)."""
    from cswork.model import spell_table

    every = np.arange(1, date(9999, 12, 31).toordinal() + 1, dtype=np.int64)
    for dates in (every, every[::997], every[700_000:800_000], np.array([-1, 1, 730_000])):
        looked_up, worked_out = spell_table.month_and_day(dates), spell_table._month_and_day(dates)
        assert all(
            np.array_equal(a, b) and a.dtype == b.dtype
            for a, b in zip(looked_up, worked_out, strict=True)
        )
    for days in (every[690_000:750_000], every[700_000:760_000]):  # across 1900, and after
        after = [date.fromordinal(d) for d in spell_table._year_after(days).tolist()]
        for day, later in zip(days.tolist()[::37], after[::37], strict=True):
            on = date.fromordinal(day)
            leap_day = (on.month, on.day) == (2, 29)
            assert later == on.replace(year=on.year + 1, day=28 if leap_day else on.day)
