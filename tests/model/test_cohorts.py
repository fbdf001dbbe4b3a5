"""Academy cohorts and Kaplan–Meier retention on two hand-built cohorts.

As at 30 September 2025. Times are days from each person's start; a leaver's event is the first
day out of post (last day + 1), a person in post is censored at the as-at date.

Cohort A, started Monday 1 January 2024 (4 NQSWs, academy team "Academy"):
  a1 left 31 Mar 2024 (resignation): event day 90 + 1 = 91   (Jan 31 + Feb 29 + Mar 30)
  a2 left 30 Sep 2024 (retired):     event day 273 + 1 = 274
  a3 moved to "Frontline" on 6 Jan 2025, 6 days after the academy spell ended: not a leaver,
     in post, censored at day 638 (366 days of 2024 + 272 to 30 Sep 2025); progressed
  a4 in post in the academy, censored at day 638
Cohort B, started 1 January 2025 (4 NQSWs):
  b1 left 28 Feb 2025:               event day 58 + 1 = 59
  b2, b3, b4 in post, censored at day 272
Cohort C starts 5 January 2026: planned.

Pooled Kaplan–Meier (8 people):
  day 59:  8 at risk, 1 leaves → S = 7/8       = 0.875
  day 91:  7 at risk, 1 leaves → S = 0.875 × 6/7 = 0.75
  day 274: 3 at risk (b2–b4 were censored at 272) → S = 0.75 × 2/3 = 0.5
6 months = 182 days: S = 0.75, 6 at risk (a2–a4, b2–b4), 2 left, none censored yet.
12 months = 365 days: S = 0.5, 2 at risk (a3, a4), 3 left, 3 censored.
24 months = 730 days: nobody followed that long (longest is 638) → undefined.
The naive "in post ÷ starters" is 5/8 = 62.5 %: it counts b2–b4 as retained at 12 months although
none of them has reached 12 months.
"""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.cohorts import AcademyCohort, all_cohorts, cohort_outcomes, planned_cohorts
from cswork.model.survival import FollowUp, days_in_months, kaplan_meier, survival_point
from cswork.model.workforce import Contract, RoleSpell

AS_AT = date(2025, 9, 30)
A_START, B_START = date(2024, 1, 1), date(2025, 1, 1)
COHORTS = [
    AcademyCohort("Cohort A", A_START, 4),
    AcademyCohort("Cohort B", B_START, 4),
    AcademyCohort("Cohort C", date(2026, 1, 5), 10),
]


def nqsw(
    ref: str,
    cohort: str,
    start: date,
    end: date | None = None,
    reason: str | None = None,
    team: str = "Academy",
    contract: Contract = Contract.PERMANENT,
) -> RoleSpell:
    return RoleSpell(ref, team, 5, contract, 1.0, start, end, reason, cohort=cohort)


SPELLS = [
    nqsw("a1", "Cohort A", A_START, date(2024, 3, 31), "resignation"),
    nqsw("a2", "Cohort A", A_START, date(2024, 9, 30), "retired"),
    nqsw("a3", "Cohort A", A_START, date(2024, 12, 31)),
    nqsw("a3", "Cohort A", date(2025, 1, 6), team="Frontline"),
    nqsw("a4", "Cohort A", A_START),
    nqsw("b1", "Cohort B", B_START, date(2025, 2, 28), "resignation"),
    nqsw("b2", "Cohort B", B_START),
    nqsw("b3", "Cohort B", B_START),
    nqsw("b4", "Cohort B", B_START),
    nqsw("x1", "Cohort B", date(2025, 10, 6)),  # has not started by the date
    RoleSpell("E9", "Frontline", 5, Contract.PERMANENT, 1.0, date(2019, 1, 1)),  # no cohort
]


def test_counts_per_cohort() -> None:
    result = cohort_outcomes(COHORTS, SPELLS, AS_AT, 12, academy_teams={"Academy"})
    a, b = result
    assert [o.cohort.name for o in result] == ["Cohort A", "Cohort B"]  # C is planned
    assert (a.starters, a.in_post, a.left) == (4, 2, 2)
    assert (b.starters, b.in_post, b.left) == (4, 3, 1)  # x1 starts after the date
    # A's anniversary (1 Jan 2025) has passed: a3 and a4 were in post on it. B's has not.
    assert (a.completed_asye, a.in_asye) == (2, 0)
    assert (b.completed_asye, b.in_asye) == (0, 3)
    assert (a.progressed, b.progressed) == (1, 0)


def test_departures_say_when_and_why() -> None:
    (a, _) = cohort_outcomes(COHORTS, SPELLS, AS_AT, 12, academy_teams={"Academy"})
    assert [(d.worker_ref, d.left_on, d.reason, d.months_in_post) for d in a.departures] == [
        ("a1", date(2024, 3, 31), "resignation", 3),
        ("a2", date(2024, 9, 30), "retired", 9),
    ]
    assert a.leaving_reasons == {"resignation": 1, "retired": 1}


def test_asye_length_changes_who_has_completed() -> None:
    a, b = cohort_outcomes(COHORTS, SPELLS, AS_AT, 24, academy_teams={"Academy"})
    # With 24 months A's anniversary is 1 January 2026: nobody has completed, a3 and a4 are in it.
    assert (a.completed_asye, a.in_asye) == (0, 2)
    assert (b.completed_asye, b.in_asye) == (0, 3)


def test_pooled_retention_is_kaplan_meier_not_the_naive_share() -> None:
    pooled = all_cohorts(cohort_outcomes(COHORTS, SPELLS, AS_AT, 12, {"Academy"}), AS_AT)
    assert pooled.starters == 8
    naive = pooled.in_post / pooled.starters
    assert naive == 0.625
    assert pooled.retention_at(12) == pytest.approx(0.5)
    assert pooled.retention_at(12) != pytest.approx(naive)
    points = {p.months: p for p in pooled.retention}
    assert points[6].retention == pytest.approx(0.75)
    assert (points[6].at_risk, points[6].left, points[6].censored) == (6, 2, 0)
    assert (points[12].at_risk, points[12].left, points[12].censored) == (2, 3, 3)
    assert points[18].retention == pytest.approx(0.5)  # 547 days: a3, a4 still followed
    assert points[24].retention is None  # 730 days: nobody followed that long
    assert points[24].at_risk == 0


def test_per_cohort_retention_is_censored_where_not_yet_reached() -> None:
    a, b = cohort_outcomes(COHORTS, SPELLS, AS_AT, 12, academy_teams={"Academy"})
    # A: day 91, 4 at risk → 3/4; day 274, 3 at risk → 3/4 × 2/3 = 1/2.
    assert a.retention_at(6) == pytest.approx(0.75)
    assert a.retention_at(12) == pytest.approx(0.5)
    # B: day 59, 4 at risk → 3/4 at 6 months (3 at risk); not yet at 12 months (day 272).
    assert b.retention_at(6) == pytest.approx(0.75)
    assert b.retention_at(12) is None
    assert b.retention[0].at_risk == 3
    assert b.curve[-1].months == 8  # followed 272 days: 8 whole months of 30.4 days


def test_planned_cohorts() -> None:
    assert [c.name for c in planned_cohorts(COHORTS, AS_AT)] == ["Cohort C"]


def test_a_return_within_a_week_is_not_leaving_but_a_later_return_is() -> None:
    spells = [
        nqsw("r1", "Cohort A", A_START, date(2024, 6, 30)),
        nqsw("r1", "Cohort A", date(2024, 7, 7)),  # 7 days later: a move, still with us
        nqsw("r2", "Cohort A", A_START, date(2024, 6, 30), "resignation"),
        nqsw("r2", "Cohort A", date(2024, 7, 8)),  # 8 days later: they left, then came back
        nqsw("r3", "Cohort A", A_START, date(2024, 6, 30), "other"),
        nqsw("r3", "Cohort A", date(2024, 7, 1), contract=Contract.AGENCY),  # left for agency
    ]
    (a,) = cohort_outcomes(COHORTS[:1], spells, AS_AT, 12, academy_teams={"Academy"})
    assert [d.worker_ref for d in a.departures] == ["r2", "r3"]


def test_kaplan_meier_edge_cases() -> None:
    assert kaplan_meier([], 100) is None
    everyone_left = [FollowUp(10, left=True), FollowUp(20, left=True)]
    assert kaplan_meier(everyone_left, 365) == 0.0  # defined: nobody is left to follow
    # Censored on exactly the horizon day: known to be in post that day, so the estimate stands.
    assert kaplan_meier([FollowUp(182, left=False)], 182) == 1.0
    assert kaplan_meier([FollowUp(181, left=False)], 182) is None
    assert days_in_months(12) == 365
    assert days_in_months(6) == 182
    assert (AS_AT - A_START).days == 638


def test_at_risk_includes_those_leaving_on_the_day() -> None:
    """The risk set at t is everyone followed to t or beyond: a leaver whose first day out of post
    is day t was at risk at t (n_t of the estimate), as well as having left by t."""
    follow_ups = [FollowUp(days_in_months(24), left=True)] + [FollowUp(800, left=False)] * 6
    point = survival_point(follow_ups, 24)
    assert (point.at_risk, point.left, point.censored) == (7, 1, 0)
    assert point.retention == pytest.approx(6 / 7)


def test_a_member_ending_one_of_two_concurrent_roles_has_not_left() -> None:
    spells = [
        RoleSpell(
            "c1",
            "X",
            5,
            Contract.PERMANENT,
            0.5,
            date(2023, 1, 1),
            date(2025, 3, 31),
            cohort="Cohort A",
        ),
        RoleSpell("c1", "Y", 5, Contract.PERMANENT, 0.5, date(2023, 1, 1), cohort="Cohort A"),
    ]
    (outcome,) = cohort_outcomes(
        [AcademyCohort("Cohort A", date(2023, 1, 1), 1)], spells, AS_AT, 12
    )
    assert (outcome.starters, outcome.in_post, outcome.left) == (1, 1, 0)
