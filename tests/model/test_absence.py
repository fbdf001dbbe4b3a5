"""Absence as lost capacity and leavers going to agency work, against figures worked by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from cswork.model.absence import (
    AbsenceBook,
    AbsenceReason,
    LongTermAbsence,
    absence_by_team,
    absent_on,
)
from cswork.model.agency_flow import leavers_to_agency
from cswork.model.census_build import Absence
from cswork.model.workforce import Contract, RoleSpell

ON = date(2025, 9, 30)


@dataclass(frozen=True)
class Worker:
    worker_ref: str
    team: str
    fte: float
    capacity: float
    weighted_caseload: float


WORKERS = [
    Worker("W1", "A", 1.0, 18.0, 20.0),
    Worker("W2", "A", 0.5, 9.0, 9.0),
    Worker("W3", "B", 1.0, 18.0, 15.0),
]
BOOK = AbsenceBook(
    periods=(
        Absence("W1", date(2024, 10, 1), date(2025, 9, 30), 25.3),
        Absence("W2", date(2024, 10, 1), date(2025, 9, 30), 12.65),
        Absence("W3", date(2024, 10, 1), date(2025, 9, 30), 60.0),
    ),
    long_term=(
        LongTermAbsence("W3", date(2025, 6, 1), None, AbsenceReason.MATERNITY),
        LongTermAbsence("W1", date(2024, 1, 8), date(2024, 3, 1), AbsenceReason.SICKNESS),
    ),
    working_days=253,
)


def test_capacity_lost_to_absence_by_hand() -> None:
    total, (team_a, team_b) = absence_by_team("All", WORKERS, BOOK, ON)
    # W1 lost 25.3 of 253 days (10 %) of 18; W2 12.65 of 0.5 × 253 (10 %) of 9
    assert team_a.capacity_lost == pytest.approx(1.8 + 0.9)
    assert team_a.fte_lost == pytest.approx(0.1 + 0.05)
    assert team_a.lost_share == pytest.approx(0.1)
    assert team_a.utilisation == pytest.approx(29 / 24.3)
    assert team_a.long_term == dict.fromkeys(AbsenceReason, 0)  # W1's absence ended last year
    # W3 is on maternity leave on the day: all of their capacity is lost, whatever their days
    assert (team_b.capacity_lost, team_b.available, team_b.utilisation) == (18.0, 0.0, None)
    assert team_b.long_term[AbsenceReason.MATERNITY] == 1
    assert total.capacity_lost == pytest.approx(20.7)
    assert total.utilisation == pytest.approx(44 / (45 - 20.7))


def test_days_lost_straddling_the_year_count_in_proportion() -> None:
    book = AbsenceBook(periods=(Absence("W1", date(2024, 4, 1), date(2025, 3, 31), 36.5),))
    # 182 of the period's 365 days fall in the 12 months to 30 September 2025
    assert book.days_lost(ON) == {"W1": pytest.approx(36.5 * 182 / 365)}
    assert book.rate(10.0, ON) == pytest.approx(36.5 * 182 / 365 / (10 * 253))
    assert AbsenceBook().rate(0.0, ON) is None


def test_long_term_absence_on_a_date() -> None:
    assert absent_on(BOOK.long_term, ON) == {"W3": AbsenceReason.MATERNITY}
    assert absent_on(BOOK.long_term, date(2024, 3, 1)) == {"W1": AbsenceReason.SICKNESS}
    assert absent_on(BOOK.long_term, date(2024, 3, 2)) == {}
    assert AbsenceReason.MATERNITY.census_code == "MAT"


def _leaver(ref: str, end: date, destination: str | None) -> RoleSpell:
    return RoleSpell(
        ref, "A", 5, Contract.PERMANENT, 1.0, date(2020, 1, 6), end, destination=destination
    )


def test_the_share_of_leavers_going_to_agency_work_by_hand() -> None:
    spells = [
        _leaver("L1", date(2025, 1, 31), "agency_england"),
        _leaver("L2", date(2024, 11, 30), "agency_england"),
        _leaver("L3", date(2025, 5, 31), "other_la_england"),
        _leaver("L4", date(2025, 6, 30), "not_known"),
        _leaver("L5", date(2025, 7, 31), None),
        _leaver("L6", date(2022, 7, 31), "agency_england"),  # before the 24 months
        RoleSpell("A1", "A", 5, Contract.AGENCY, 1.0, date(2024, 1, 8), date(2025, 2, 1)),
    ]
    flow = leavers_to_agency(spells, ON)
    assert (flow.leavers, flow.known, flow.to_agency) == (5, 3, 2)
    assert flow.share == pytest.approx(2 / 3)
    assert leavers_to_agency(spells[3:5], ON).share is None
