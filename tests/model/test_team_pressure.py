"""Team and service-area roll-ups and the monthly trend, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from cswork.model.count_table import CaseCountTable
from cswork.model.pressure import Band, WorkerPressure, worker_pressures
from cswork.model.pressure_trend import pressure_trend_table
from cswork.model.settings import Settings
from cswork.model.team_pressure import (
    by_service_area,
    by_team,
    over_capacity,
    roll_up,
    unmeasurable,
)
from cswork.model.workforce import CaseCount, Contract, RoleSpell

AS_AT = date(2025, 9, 30)
AREAS = {"T1": "Area A", "T2": "Area A", "T3": "Area B"}


def spell(ref: str, team: str, fte: float = 1.0, role: int = 5) -> RoleSpell:
    return RoleSpell(
        ref, team, role, Contract.PERMANENT, fte, date(2020, 1, 6), qualified=date(2010, 7, 1)
    )


def held(ref: str, on: date = AS_AT, **cases: int) -> list[CaseCount]:
    return [CaseCount(ref, on, case_type, n) for case_type, n in cases.items()]


# T1:  A  1.0 FTE, 10 CIN + 2 CP  = 12 cases, 10 + 3 = 13 weighted, capacity 18   → 72.2 %  <85
#      B  0.5 FTE, 8 CLA + 2 CL   = 10 cases,  8 + 1 =  9 weighted, capacity  9   → 100 %   85–100
#      C  0.8 FTE, 14 CP          = 14 cases,     21   weighted, capacity 14.4 → 145.8 % >110
#      M  manager, no cases, no capacity: in no band
#      Z  0.0 FTE, 2 CIN          =  2 cases,      2   weighted, no capacity  → unmeasurable
# T2:  D  1.0 FTE, 19 CIN         = 19 cases,     19   weighted, capacity 18   → 105.6 % 100–110
# T3:  a leadership team with a manager only: left out of the roll-ups.
SPELLS = [
    spell("A", "T1"),
    spell("B", "T1", fte=0.5),
    spell("C", "T1", fte=0.8),
    spell("M", "T1", role=3),
    spell("Z", "T1", fte=0.0),
    spell("D", "T2"),
    spell("L", "T3", role=1),
]
COUNTS = [
    *held("A", CIN=10, CP=2),
    *held("B", CLA=8, CL=2),
    *held("C", CP=14),
    *held("Z", CIN=2),
    *held("D", CIN=19),
]


def pressures() -> list[WorkerPressure]:
    return worker_pressures(SPELLS, COUNTS, AS_AT, Settings())


def test_team_figures_dfe_caseload_beside_weighted() -> None:
    teams = {group.name: group for group in by_team(pressures())}
    assert set(teams) == {"T1", "T2"}  # T3 holds neither cases nor capacity
    t1 = teams["T1"]
    # Case holders A, B, C, Z: FTE 1 + 0.5 + 0.8 + 0 = 2.3 (the manager holds no case).
    assert t1.case_holding_fte == pytest.approx(2.3)
    assert t1.case_holders == 4
    assert t1.cases == 38  # 12 + 10 + 14 + 2
    assert t1.caseload == pytest.approx(38 / 2.3)  # DfE: 16.52
    assert t1.weighted_cases == pytest.approx(45.0)  # 13 + 9 + 21 + 2
    assert t1.weighted_caseload == pytest.approx(45 / 2.3)  # 19.57
    assert t1.capacity == pytest.approx(41.4)  # 18 + 9 + 14.4
    # Z's cases are the team's work with no capacity for them: 45 / 41.4 = 108.7 %.
    assert t1.utilisation == pytest.approx(45 / 41.4)
    assert t1.band_counts == {
        Band.UNDER_85: 1,
        Band.FROM_85_TO_100: 1,
        Band.FROM_100_TO_110: 0,
        Band.OVER_110: 1,
    }
    assert t1.over_capacity == 1
    assert t1.unmeasurable == 1


def test_service_area_rolls_up_its_teams() -> None:
    areas = {group.name: group for group in by_service_area(pressures(), AREAS)}
    assert set(areas) == {"Area A"}
    area = areas["Area A"]
    assert area.cases == 57  # 38 + 19
    assert area.case_holding_fte == pytest.approx(3.3)
    assert area.caseload == pytest.approx(57 / 3.3)  # 17.27
    assert area.capacity == pytest.approx(59.4)  # 41.4 + 18
    assert area.utilisation == pytest.approx(64 / 59.4)  # (45 + 19) / 59.4 = 107.7 %
    assert list(area.band_counts.values()) == [1, 1, 1, 1]


def test_workers_over_capacity_most_loaded_first_and_unmeasurable_listed() -> None:
    workers = pressures()
    assert [w.worker_ref for w in over_capacity(workers)] == ["C", "D"]  # 145.8 %, 105.6 %
    assert [w.worker_ref for w in unmeasurable(workers)] == ["Z"]


def test_a_group_without_capacity_has_no_utilisation() -> None:
    workers = [w for w in pressures() if w.worker_ref in {"Z", "M"}]
    group = roll_up("Z only", workers)
    assert group.utilisation is None
    assert group.caseload is None  # 2 cases over 0 FTE: undefined, not infinite
    assert group.cases == 2


def test_trend_takes_each_months_latest_count() -> None:
    spells = [spell("A", "T1"), spell("D", "T2")]
    counts = [
        *held("A", on=date(2025, 8, 15), CIN=30),  # superseded by the month-end count
        *held("A", on=date(2025, 8, 31), CIN=9),  # 9 / 18 = 50 %
        *held("A", CIN=18),  # 18 / 18 = 100 %
        *held("D", CIN=27),  # 27 / 18 = 150 %, September only
    ]
    table = CaseCountTable.of(counts)
    trends = {t.name: t for t in pressure_trend_table(spells, table, Settings())}
    assert list(trends) == ["T1", "T2", "All teams"]
    t1 = trends["T1"].points
    assert [p.on for p in t1] == [date(2025, 8, 31), AS_AT]
    assert [p.pressure.utilisation for p in t1] == [0.5, 1.0]
    # T2's worker holds nothing in August but has capacity, so August is 0 %.
    assert [p.pressure.utilisation for p in trends["T2"].points] == [0.0, 1.5]
    # All teams: August 9 / 36 = 25 %; September (18 + 27) / 36 = 125 %.
    assert [p.pressure.utilisation for p in trends["All teams"].points] == [0.25, 1.25]
