"""The shape of the demo authority: its teams, funded posts, case mix and academy timetable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TeamPlan:
    """A demo team: funded FTE by OrgRole, case mix (shares by case type), and how loaded it runs."""

    name: str
    service_area: str
    funded: dict[int, float]
    case_mix: dict[str, float]
    load: float
    is_academy: bool = False
    surge_growth: float = 0.0


TEAMS: tuple[TeamPlan, ...] = (
    TeamPlan(
        "MASH and Front Door",
        "Front door",
        {3: 2, 4: 3, 5: 24},
        {"ASSESSMENT": 0.7, "OTHER": 0.3},
        load=0.84,
    ),
    TeamPlan(
        "Assessment 1",
        "Assessment",
        {3: 2, 4: 3, 5: 27},
        {"ASSESSMENT": 0.75, "CIN": 0.15, "CP": 0.10},
        load=1.06,
    ),
    TeamPlan(
        "Assessment 2",
        "Assessment",
        {3: 2, 4: 3, 5: 27},
        {"ASSESSMENT": 0.75, "CIN": 0.15, "CP": 0.10},
        load=0.86,
    ),
    TeamPlan(
        "Help and Protection North",
        "Help and protection",
        {3: 3, 4: 5, 5: 42},
        {"CIN": 0.55, "CP": 0.45},
        load=1.16,
        surge_growth=4,
    ),
    TeamPlan(
        "Help and Protection South",
        "Help and protection",
        {3: 3, 4: 5, 5: 42},
        {"CIN": 0.6, "CP": 0.4},
        load=0.88,
        surge_growth=4,
    ),
    TeamPlan(
        "Children in Care",
        "Children in care",
        {3: 3, 4: 4, 5: 38},
        {"CLA": 0.9, "CIN": 0.1},
        load=0.9,
    ),
    TeamPlan(
        "Care Leavers", "Children in care", {3: 1, 4: 2, 5: 16}, {"CL": 0.85, "CLA": 0.15}, load=0.8
    ),
    TeamPlan(
        "Disabled Children",
        "Disabled children",
        {3: 2, 4: 3, 5: 22},
        {"CIN": 0.6, "CP": 0.1, "CLA": 0.3},
        load=0.83,
    ),
    TeamPlan(
        "Social Work Academy",
        "Academy",
        {3: 2, 4: 2, 5: 20},
        {"CIN": 0.8, "CP": 0.2},
        load=0.8,
        is_academy=True,
    ),
    TeamPlan("Service Leadership", "Leadership", {1: 3, 2: 7}, {}, load=0.0),
)

FRONTLINE = tuple(t.name for t in TEAMS if t.case_mix and not t.is_academy)
ACADEMY = next(t.name for t in TEAMS if t.is_academy)

AGENCY_SUPPLIERS = (
    "Northgate Social Care",
    "Carewise Recruitment",
    "Sanctuary Personnel",
    "Liquid Personnel",
    "Hays Social Care",
)

#: Academy intakes: January and July each year from July 2018; Cohort 7 is 12 starting 25 Jan 2021.
FIRST_COHORT_YEAR, FIRST_COHORT_MONTH = 2018, 7
FIXED_COHORTS: dict[int, tuple[int, int, int, int]] = {7: (2021, 1, 25, 12)}

#: Monthly demand levels before any trend or surge, per measure.
DEMAND_BASE: dict[str, float] = {
    "contacts": 950.0,
    "referrals": 290.0,
    "assessments": 270.0,
    "s47": 85.0,
    "strategy_meetings": 110.0,
    "cp_plans": 260.0,
    "cin": 1250.0,
    "cla": 420.0,
    "care_leavers": 260.0,
}

#: How strongly each measure follows the surge (1 = fully; flows surge more than stocks).
SURGE_SENSITIVITY: dict[str, float] = {
    "contacts": 1.0,
    "referrals": 1.15,
    "assessments": 0.9,
    "s47": 0.8,
    "strategy_meetings": 0.8,
    "cp_plans": 0.55,
    "cin": 0.6,
    "cla": 0.3,
    "care_leavers": 0.1,
}

#: Stocks (children open at month end) rather than monthly flows.
STOCK_MEASURES = frozenset({"cp_plans", "cin", "cla", "care_leavers"})
