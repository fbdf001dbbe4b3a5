"""The DfE children's social work workforce measures (docs/design.md, Measures), as at a date, in FTE.

Each rate is returned as a percentage (unrounded); ``None`` when its denominator is zero, because a
rate of an empty workforce is undefined rather than 0 %. Round for display with :func:`round_half_up`,
which is how the published one-decimal figures are rounded.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

#: Working days in a year for the absence rate. DfE's published England absence rates for 2023 and
#: 2025 are reproduced by any value from 252 to 258; 253 is 52 weeks of 5 days less 7 bank holidays.
WORKING_DAYS_PER_YEAR = 253


def _percent(numerator: float, denominator: float) -> float | None:
    if denominator <= 0:
        return None
    return 100.0 * numerator / denominator


def vacancy_rate(vacancy_fte: float, la_employed_fte: float) -> float | None:
    """Vacancy FTE ÷ (vacancy FTE + LA-employed FTE in post), as a percentage."""
    return _percent(vacancy_fte, vacancy_fte + la_employed_fte)


def agency_rate(agency_fte: float, la_employed_fte: float) -> float | None:
    """Agency FTE ÷ (agency FTE + LA-employed FTE in post), as a percentage."""
    return _percent(agency_fte, agency_fte + la_employed_fte)


def turnover_rate(leavers_fte: float, la_employed_fte: float) -> float | None:
    """Leavers FTE in the 12 months to the date ÷ LA-employed FTE in post at the date, as a %."""
    return _percent(leavers_fte, la_employed_fte)


def caseload(cases: float, case_holders_fte: float) -> float | None:
    """Cases held ÷ FTE of case-holding workers (those holding at least one case)."""
    if case_holders_fte <= 0:
        return None
    return cases / case_holders_fte


def agency_cover_rate(agency_cover_fte: float, vacancy_fte: float) -> float | None:
    """Agency FTE covering vacancies ÷ vacancy FTE, as a percentage."""
    return _percent(agency_cover_fte, vacancy_fte)


def absence_rate(
    working_days_lost: float,
    fte_in_post: float,
    working_days_per_year: float = WORKING_DAYS_PER_YEAR,
) -> float | None:
    """Working days lost ÷ (FTE in post × working days in the year), as a percentage."""
    return _percent(working_days_lost, fte_in_post * working_days_per_year)


def round_half_up(value: float | None, places: int = 1) -> float | None:
    """Round as published statistics do (0.05 → 0.1), not as ``round`` does (banker's rounding).

    The value is rounded as written (its shortest decimal form, ``repr``). Only a value written
    with a 5 just past the last place kept is a tie that ``round`` would settle differently; any
    other is rounded the same by ``round``, which is twenty times quicker. (Were the exact binary
    value on the other side of the half-way point from the written form, the half-way point would
    be a shorter decimal form of the same float, and ``repr`` would have written it instead.)
    """
    if value is None:
        return None
    written = repr(value)
    point = written.find(".")
    if places > 0 and point > 0 and "e" not in written:
        decimals = len(written) - point - 1
        if decimals <= places:
            return float(value)
        if decimals > places + 1 or written[-1] != "5":
            return round(float(value), places)
    return float(Decimal(written).quantize(_quantum(places), rounding=ROUND_HALF_UP))


@cache
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)
