"""England figures from the DfE "Children's social work workforce" statistics, shipped as data.

Source: the DfE release "Children's social work workforce" on explore-education-statistics
(https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce),
its "Indicators" data file, England rows at 30 September, FTE (``cswork/data/dfe_national.csv``, one
row per census year 2017 onwards; its ``source`` column names the file each row was taken from).
2017–2022, 2024 and 2025 are from ``csww_indicators_2017_to_2025.csv`` (reporting year 2025 release),
as DfE keeps it at
https://github.com/dfe-analytical-services/CSC_outcomes_and_enablers/blob/2f5d11a431050523dab58810083259d3313029ae/data-raw/csww_indicators_2017_to_2025.csv;
2023 is as first published, in ``csww_indicators_2017_to_2023.csv`` (the 2025 release revised its
agency FTE to 7,178.5, 17.9 %). The published rates are shown as published, even where DfE left an
authority out of a rate (Birmingham's agency figures in 2024 are "low reliability").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

SOURCE = "DfE, Children's social work workforce (England, at 30 September, FTE)"


@dataclass(frozen=True, slots=True)
class EnglandFigures:
    """One published England row: the counts and the published rates (%)."""

    year: int
    inpost_fte: float
    starters_fte: float
    leavers_fte: float
    turnover_rate: float
    agency_fte: float
    agency_rate: float
    vacancy_fte: float
    vacancy_rate: float
    agency_cover_fte: float
    agency_cover_rate: float
    case_holders_fte: float
    cases: float
    caseload: float
    working_days_lost: float
    absence_rate: float


@cache
def england_rows() -> tuple[EnglandFigures, ...]:
    """All England rows, oldest first."""
    text = resources.files("cswork.data").joinpath("dfe_national.csv").read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(text.splitlines()):
        rows.append(
            EnglandFigures(
                year=int(row["time_period"]),
                inpost_fte=float(row["inpost_fte"]),
                starters_fte=float(row["starters_fte"]),
                leavers_fte=float(row["leavers_fte"]),
                turnover_rate=float(row["turnover_rate_fte"]),
                agency_fte=float(row["agency_fte"]),
                agency_rate=float(row["agency_rate_fte"]),
                vacancy_fte=float(row["vacancy_fte"]),
                vacancy_rate=float(row["vacancy_rate_fte"]),
                agency_cover_fte=float(row["agency_cover_fte"]),
                agency_cover_rate=float(row["vacancy_agency_cover_rate_fte"]),
                case_holders_fte=float(row["case_holders_fte"]),
                cases=float(row["cases"]),
                caseload=float(row["caseload_fte"]),
                working_days_lost=float(row["working_days_lost"]),
                absence_rate=float(row["absence_rate_fte"]),
            )
        )
    return tuple(sorted(rows, key=lambda r: r.year))


def census_year(as_at: date) -> int:
    """The year of the latest census (30 September) on or before ``as_at``."""
    return as_at.year if (as_at.month, as_at.day) >= (9, 30) else as_at.year - 1


def england_as_at(as_at: date) -> EnglandFigures | None:
    """The England row of the census year of ``as_at`` (the latest 30 September on or before
    it), or ``None`` when no figure for that year is held: a date is never compared with
    another year's England."""
    year = census_year(as_at)
    return next((row for row in england_rows() if row.year == year), None)


def no_england_figure(as_at: date) -> str:
    """What is said where England's figure for the date's census year is not held."""
    return f"no England figure for {census_year(as_at)}"


def latest_england() -> EnglandFigures:
    """The most recent England row."""
    return england_rows()[-1]
