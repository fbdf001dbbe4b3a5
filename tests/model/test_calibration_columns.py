"""Calibration's figures worked out in columns equal the record-by-record code to the last bit.

Recruitment routes with their Kaplan–Meier retention, leavers to agency, departures and the absence
rate are asked for at a dozen past dates each time the half-life is chosen, and backtests score the
actual position at every month end around each start, so they are computed over all the spells (or
periods) at once since issue 18. The oracle is the code they replaced
(``tests/model/projection_oracle.py``); random spells stress moves, concurrent roles, same-day
starts and conversions from agency.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

import numpy as np
import pytest

from cswork.model.absence import AbsenceBook, AbsencePeriods
from cswork.model.agency_flow import leavers_to_agency
from cswork.model.census_build import Absence, days_lost_in
from cswork.model.cohorts import AcademyCohort, cohort_outcomes
from cswork.model.count_table import CaseCountTable
from cswork.model.position import departures, workforce_position
from cswork.model.projection.actuals import ActualPositions
from cswork.model.routes import RecruitmentRoute, route_figures
from cswork.model.spell_table import SpellTable, arrival_rows, departure_rows
from cswork.model.survival import FollowUp, kaplan_meier, survival_curve
from cswork.model.workforce import Contract, LeaverDestination, RoleSpell
from tests.model.projection_oracle import (
    reference_absence_rate,
    reference_cohort_outcomes,
    reference_kaplan_meier,
    reference_leavers_to_agency,
    reference_route_figures,
    reference_survival_curve,
)
from tests.model.test_spell_table import COHORTS, random_counts, random_establishment, random_spells

DATES = (date(2018, 6, 30), date(2019, 12, 31), date(2021, 6, 30), date(2023, 2, 28))


def with_routes(seed: int) -> list[RoleSpell]:
    """Random spells, some with a recorded route and a leaver destination."""
    rng = random.Random(seed)
    routes = [None, None, None, *(r.value for r in RecruitmentRoute)]
    destinations = [None, *(d.value for d in LeaverDestination)]
    return [
        dataclasses.replace(s, route=rng.choice(routes), destination=rng.choice(destinations))
        for s in random_spells(seed)
    ]


def same(first: object, second: object) -> bool:
    """Equal to the last bit (``repr`` tells 0.30000000000000004 from 0.3, and a float from an
    int)."""
    return repr(first) == repr(second)


@pytest.mark.parametrize("seed", range(40))
def test_departure_rows_are_the_departures(seed: int) -> None:
    spells = random_spells(seed)
    table = SpellTable.of(spells)
    for as_at in DATES:
        for since in (date.min, as_at - timedelta(days=400)):
            got = [table.spells[row] for row in departure_rows(table, since, as_at).tolist()]
            expected = departures(spells, since, as_at)
            assert len(got) == len(expected)
            assert all(a is b for a, b in zip(got, expected, strict=True))


def test_two_roles_ending_together_are_one_departure_and_a_kept_role_none() -> None:
    def role(team: str, start: date, end: date | None) -> RoleSpell:
        return RoleSpell("W1", team, 6, Contract.PERMANENT, 0.5, start, end)

    both_end = [
        role("A", date(2020, 1, 1), date(2021, 3, 31)),
        role("B", date(2020, 6, 1), date(2021, 3, 31)),
    ]
    one_kept = [role("A", date(2020, 1, 1), date(2021, 3, 31)), role("B", date(2020, 6, 1), None)]
    moved = [role("A", date(2020, 1, 1), date(2021, 3, 31)), role("B", date(2021, 4, 7), None)]
    for spells, leaving in ((both_end, 1), (one_kept, 0), (moved, 0)):
        rows = departure_rows(SpellTable.of(spells), date.min, date(2022, 1, 1))
        assert len(rows) == leaving == len(departures(spells, date.min, date(2022, 1, 1)))


@pytest.mark.parametrize("seed", range(40))
def test_routes_and_leavers_to_agency_are_what_the_records_gave(seed: int) -> None:
    spells = with_routes(seed)
    table = SpellTable.of(spells)
    for as_at in DATES:
        started = [s for s in spells if s.start <= as_at]
        expected = reference_route_figures(started, as_at)
        assert same(route_figures(started, as_at), expected)
        assert same(route_figures(spells, as_at, table=table), expected)
        assert same(route_figures(started, as_at, table=table.started_by(as_at)), expected)
        assert same(
            leavers_to_agency(started, as_at, table=table.started_by(as_at)),
            reference_leavers_to_agency(started, as_at),
        )


@pytest.mark.parametrize("seed", range(30))
def test_figures_kept_for_tables_started_by_dates_are_each_tables_own(seed: int) -> None:
    """Whether a start continues a role, and its route, are kept by row for every table of the
    spells started by a date taken from one table (and from one taken so), in whatever order the
    dates come: each table's arrivals and routes are those of a table of its spells alone."""
    spells = with_routes(seed)
    table = SpellTable.of(spells)
    dates = [*DATES, date(2019, 1, 31), date(2025, 1, 1)]
    random.Random(seed).shuffle(dates)
    for as_at in dates:
        alone = SpellTable.of([s for s in spells if s.start <= as_at])
        for shared in (
            table.started_by(as_at),
            table.started_by(date(2025, 1, 1)).started_by(as_at),  # every spell, then some
            table.started_by(as_at + timedelta(days=400)).started_by(as_at),  # some, then fewer
        ):
            for start in (date.min, as_at - timedelta(days=700)):
                assert np.array_equal(
                    arrival_rows(shared, start, as_at), arrival_rows(alone, start, as_at)
                )
            assert same(
                route_figures(shared.spells, as_at, table=shared),
                route_figures(alone.spells, as_at, table=alone),
            )


def test_a_conversion_from_a_spell_ending_before_it_starts_is_each_tables_own() -> None:
    """An agency spell stored as ending before it starts ('2024-12-01' to '20240601' passes the
    schema's check on the text) converts a July start only in a table holding it: a table of the
    spells started by August has the start as not recorded, whatever was worked out before."""
    spells = [
        RoleSpell("A", "T", 5, Contract.AGENCY, 1.0, date(2024, 12, 1), date(2024, 6, 1)),
        RoleSpell("A", "T", 5, Contract.PERMANENT, 1.0, date(2024, 7, 1)),
    ]
    table = SpellTable.of(spells)
    for as_at in (date(2025, 1, 31), date(2024, 8, 1), date(2025, 1, 31)):
        alone = SpellTable.of([s for s in spells if s.start <= as_at])
        shared = table.started_by(as_at)
        routes = route_figures(shared.spells, as_at, table=shared)
        assert same(routes, route_figures(alone.spells, as_at, table=alone))
        conversion = as_at.year == 2025
        assert [f.route for f in routes] == [
            RecruitmentRoute.AGENCY_CONVERSION if conversion else None
        ]


def test_an_unknown_route_is_an_error_naming_it() -> None:
    spell = next(s for s in random_spells(1) if s.la_employed)
    with pytest.raises(ValueError, match="'fast track'"):
        route_figures([dataclasses.replace(spell, route="fast track")], date(2030, 1, 1))


@pytest.mark.parametrize("seed", range(200))
def test_kaplan_meier_by_sorted_days_is_the_count_at_every_day(seed: int) -> None:
    rng = random.Random(seed)
    follow_ups = [
        FollowUp(rng.choice([0, 1, 365, 366, 730, rng.randint(0, 1200)]), rng.random() < 0.4)
        for _ in range(rng.randint(0, 25))
    ]
    months = [*range(40), 12, 0]
    assert same(survival_curve(follow_ups, months), reference_survival_curve(follow_ups, months))
    for days in (0, 1, 365, 730, rng.randint(0, 1300)):
        assert same(kaplan_meier(follow_ups, days), reference_kaplan_meier(follow_ups, days))


@pytest.mark.parametrize("seed", range(100))
def test_days_lost_in_columns_add_as_the_records_did(seed: int) -> None:
    rng = random.Random(seed)
    periods = []
    for _ in range(rng.randint(0, 40)):
        start = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
        periods.append(
            Absence(
                f"W{rng.randint(0, 8)}",
                start,
                start + timedelta(days=rng.randint(0, 60)),
                rng.choice([0.5, 1.0, 3.0, 7.3, 12.0, 0.1]),
            )
        )
    book = AbsenceBook(periods=tuple(periods))
    columns = AbsencePeriods.of(periods)
    for on in (date(2023, 6, 30), date(2024, 2, 29), date(2025, 7, 31)):
        start = on - timedelta(days=200)
        assert same(
            columns.days_lost(start, on), float(sum(days_lost_in(periods, start, on).values()))
        )
        assert same(book.rate(12.5, on, columns), reference_absence_rate(book, 12.5, on))
        assert same(book.rate(12.5, on), reference_absence_rate(book, 12.5, on))


@pytest.mark.parametrize("seed", range(40))
def test_actual_positions_are_the_workforce_position(seed: int) -> None:
    spells = random_spells(seed)
    counts = random_counts(seed, spells)
    establishment = random_establishment(seed)
    positions = ActualPositions(SpellTable.of(spells), establishment, CaseCountTable.of(counts))
    for on in (*DATES, date(2021, 3, 28), date(2021, 4, 30), date(2030, 1, 1)):
        total = workforce_position(spells, establishment, counts, on).total
        got = positions.on(on)
        for output in ("in_post_fte", "agency_fte", "vacancy_fte", "establishment_fte", "cases"):
            assert same(getattr(got, output), getattr(total, output))
        assert same(got.case_holders_fte, total.case_holders_fte)
        for rate in ("vacancy_rate", "agency_rate", "caseload"):
            assert same(getattr(got, rate), getattr(total, rate))


@pytest.mark.parametrize("seed", range(30))
def test_cohort_members_found_in_one_pass_are_those_found_cohort_by_cohort(seed: int) -> None:
    spells = random_spells(seed)
    cohorts = [AcademyCohort(name, start, 10) for name, start in COHORTS.items()] + [
        AcademyCohort("unplanned", date(2021, 1, 4), None),
        AcademyCohort("C1", date(2019, 3, 4), 5),
    ]
    for as_at in DATES:
        got = cohort_outcomes(cohorts, spells, as_at, 12, ["A"])
        assert same(got, reference_cohort_outcomes(cohorts, spells, as_at, 12, ["A"]))
