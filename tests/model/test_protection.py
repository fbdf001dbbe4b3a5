"""The NQSW protected-caseload check on hand-built NQSWs."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.pressure import worker_pressures
from cswork.model.protection import Breach, NqswCheck, nqsw_checks
from cswork.model.settings import Settings
from cswork.model.workforce import CaseCount, Contract, RoleSpell

AS_AT = date(2025, 9, 30)
COHORTS = {"July 25": date(2025, 7, 7), "January 25": date(2025, 1, 27)}


def nqsw(ref: str, cohort: str) -> RoleSpell:
    return RoleSpell(ref, "Academy", 5, Contract.PERMANENT, 1.0, COHORTS[cohort], cohort=cohort)


def held(ref: str, **cases: int) -> list[CaseCount]:
    return [CaseCount(ref, AS_AT, case_type, n) for case_type, n in cases.items()]


# Month 2 (7 Jul → 30 Sep): factor 0.6 + 0.3 × 2/11 = 0.6545, capacity 11.78.
# Month 8 (27 Jan → 30 Sep): factor 0.6 + 0.3 × 8/11 = 0.8182, capacity 14.73.
SPELLS = [
    nqsw("N1", "July 25"),  # 5 CIN + 1 CP = 6 cases, 6.5 weighted (55 %): a CP case in month 2
    nqsw("N2", "January 25"),  # 13 CIN: over the 12-case limit, 13 / 14.73 = 88 %
    nqsw("N3", "January 25"),  # 10 CIN + 4 CP = 14 cases, 16 weighted: 108.6 %, CP in month 8
    nqsw("N4", "January 25"),  # 8 CIN + 2 CP = 10 cases, 11 weighted: 74.7 %, protected
    RoleSpell("E1", "Academy", 5, Contract.PERMANENT, 1.0, date(2015, 1, 5)),  # not an NQSW
]
COUNTS = [
    *held("N1", CIN=5, CP=1),
    *held("N2", CIN=13),
    *held("N3", CIN=10, CP=4),
    *held("N4", CIN=8, CP=2),
    *held("E1", CIN=20, CP=5),
]


def checks(settings: Settings) -> list[NqswCheck]:
    workers = worker_pressures(SPELLS, COUNTS, AS_AT, settings, cohort_starts=COHORTS)
    return nqsw_checks(workers, settings)


def breaches(settings: Settings) -> dict[str, tuple[Breach, ...]]:
    return {c.worker.worker_ref: c.breaches for c in checks(settings)}


def test_every_nqsw_is_checked_and_breaches_come_first() -> None:
    result = checks(Settings())
    assert [c.worker.worker_ref for c in result] == ["N1", "N2", "N3", "N4"]
    assert breaches(Settings()) == {
        "N1": (Breach.CHILD_PROTECTION_EARLY,),
        "N2": (Breach.OVER_CASE_LIMIT,),
        "N3": (Breach.OVER_CASE_LIMIT, Breach.OVER_PROTECTED_CAPACITY),
        "N4": (),
    }
    assert result[0].worker.utilisation == pytest.approx(6.5 / (18 * (0.6 + 0.3 * 2 / 11)))


def test_case_limit_is_a_setting_and_is_exceeded_only_above_it() -> None:
    # A limit of 14: N2 (13) is inside it and N3 (14) is at it, not above.
    result = breaches(Settings({"nqsw_protected_cases": 14}))
    assert result["N2"] == ()
    assert result["N3"] == (Breach.OVER_PROTECTED_CAPACITY,)


def test_child_protection_rule_can_be_switched_off_or_lengthened() -> None:
    assert breaches(Settings({"nqsw_cp_months": 0}))["N1"] == ()
    # Nine months: N3 and N4, in month 8, now breach too.
    lengthened = breaches(Settings({"nqsw_cp_months": 9}))
    assert Breach.CHILD_PROTECTION_EARLY in lengthened["N3"]
    assert lengthened["N4"] == (Breach.CHILD_PROTECTION_EARLY,)
