"""Recruitment routes from the history: inference, census origins, starts a year and Kaplan–Meier
retention by route, checked against figures worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.census import StartOrigin
from cswork.model.routes import (
    RecruitmentRoute,
    origin_for_route,
    route_figures,
    route_for_origin,
    route_leaver_rates,
)
from cswork.model.workforce import Contract, RoleSpell

AS_AT = date(2025, 12, 31)
PERM, AGENCY = Contract.PERMANENT, Contract.AGENCY


def spell(ref: str, start: date, end: date | None = None, **extra: object) -> RoleSpell:
    contract = extra.pop("contract", PERM)
    assert isinstance(contract, Contract)
    return RoleSpell(ref, "North", 5, contract, 1.0, start, end, **extra)  # type: ignore[arg-type]


SPELLS = [
    # academy by cohort: A1 moves team after a year (a move, not a leaver), A2 and A3 leave
    spell("A1", date(2024, 1, 1), date(2024, 12, 31), cohort="C1"),
    spell("A1", date(2025, 1, 1)),
    spell("A2", date(2024, 1, 1), date(2024, 6, 30), cohort="C1"),
    spell("A3", date(2024, 1, 1), date(2025, 3, 31), cohort="C1"),
    # academy as recorded, no cohort
    spell("A4", date(2025, 6, 1), route="academy"),
    # agency worker taking a permanent post two weeks after the assignment ended
    spell("X1", date(2024, 1, 1), date(2024, 8, 31), contract=AGENCY),
    spell("X1", date(2024, 9, 15)),
    spell("X2", date(2025, 1, 6), date(2025, 4, 4), route="international"),
    spell("X3", date(2023, 5, 1)),  # nothing recorded
]


def test_kaplan_meier_retention_by_route_by_hand() -> None:
    figures = {f.route: f for f in route_figures(SPELLS, AS_AT)}
    assert list(figures) == [
        RecruitmentRoute.ACADEMY,
        RecruitmentRoute.INTERNATIONAL,
        RecruitmentRoute.AGENCY_CONVERSION,
        None,
    ]
    academy = figures[RecruitmentRoute.ACADEMY]
    # follow-ups (days): A1 730 in post, A2 left day 182, A3 left day 456, A4 213 in post
    assert academy.starters == 4 and academy.leavers == 2
    # S(365) = 1 − 1/4 (A2 of 4 at risk); S(730) = 0.75 × (1 − 1/2) (A3 of A1 and A3)
    assert academy.retention_at(12) == pytest.approx(0.75)
    assert academy.retention_at(24) == pytest.approx(0.375)
    assert [p.at_risk for p in academy.retention] == [2, 1]
    # leavers ÷ person-years followed: 2 ÷ (730 + 182 + 456 + 213) / 365.25
    assert academy.leaver_rate == pytest.approx(2 / (1581 / 365.25))
    # starts a year since the first start (1 May 2023): 976 days
    assert academy.per_year == pytest.approx(4 / (976 / 365.25))
    international = figures[RecruitmentRoute.INTERNATIONAL]
    assert international.retention_at(12) == 0.0  # the one recruit left on day 89
    conversion = figures[RecruitmentRoute.AGENCY_CONVERSION]
    assert (conversion.starters, conversion.leavers) == (1, 0)
    assert conversion.retention_at(12) == 1.0
    assert conversion.retention_at(24) is None  # followed 472 days only
    assert figures[None].starters == 1


def test_route_rates_need_exposure_and_stay_in_range() -> None:
    figures = route_figures(SPELLS, AS_AT)
    # international: 89 days followed, conversion 472 days: too little to carry a rate of its own
    assert route_leaver_rates(figures) == {
        RecruitmentRoute.ACADEMY: pytest.approx(2 / (1581 / 365.25))
    }


@pytest.mark.parametrize(
    ("origin", "step_up", "frontline", "route"),
    [
        (StartOrigin.NEWLY_QUALIFIED, False, False, RecruitmentRoute.ACADEMY),
        (StartOrigin.NEWLY_QUALIFIED, True, False, RecruitmentRoute.STEP_UP),
        (StartOrigin.NEWLY_QUALIFIED, False, True, RecruitmentRoute.FRONTLINE),
        (StartOrigin.OTHER_LA_ENGLAND, False, False, RecruitmentRoute.EXPERIENCED),
        (StartOrigin.SOCIAL_WORK_OUTSIDE_ENGLAND, False, False, RecruitmentRoute.INTERNATIONAL),
        (StartOrigin.AGENCY_ENGLAND, False, False, RecruitmentRoute.AGENCY_CONVERSION),
        (StartOrigin.NON_SOCIAL_CARE, False, False, RecruitmentRoute.RETURN_TO_PRACTICE),
        (StartOrigin.OTHER, False, False, RecruitmentRoute.OTHER),
        (StartOrigin.NOT_KNOWN, False, False, None),
        (None, False, False, None),
    ],
)
def test_census_start_origins(
    origin: StartOrigin | None, step_up: bool, frontline: bool, route: RecruitmentRoute | None
) -> None:
    assert route_for_origin(origin, step_up, frontline) == route
    if route is not None:
        assert route_for_origin(origin_for_route(route), step_up, frontline) == route
