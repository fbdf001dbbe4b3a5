"""The DfE children's social work workforce (CSWW) census return as records, its code lists, and
the DfE measures computed from a return.

A return covers the census year ending 30 September: every LA-employed child and family social worker
in post at any time in the year (leavers with their end date, reason and destination), the agency
workers engaged on 30 September, and three LA-level figures (vacancy FTE, agency FTE and headcount).
Field meanings as cswork reads them:

- ``fte``: the worker's FTE in the role reported (at 30 September, or when they left);
- ``fte30``: FTE on 30 September, only for workers in post that day;
- ``role_start``: when the worker's continuous service with the LA began (a move within the LA does
  not restart it); ``role_end``: the last day before leaving the LA;
- ``cases30``: cases held at the latest caseload count on or before 30 September.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cswork.model.months import year_before
from cswork.model.position import Figures
from cswork.model.workforce import LeaverDestination, LeavingReason

#: The XSD's ``swetype``: two letters and ten digits.
SWE_PATTERN = re.compile(r"^[A-Za-z]{2}\d{10}$")

GENDER_CODES: dict[str, str] = {"0": "Not known", "1": "Male", "2": "Female", "9": "Not specified"}
ETHNICITY_CODES = frozenset(
    [
        "WBRI",
        "WIRI",
        "WOTH",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    ]
)
#: The census ReasonAbsence codes.
ABSENCE_CODES = frozenset({"MAT", "OTH", "PUB", "SIC", "TRN", "UNA", "UNP"})
QUAL_LEVELS: dict[int, str] = {1: "Under-graduate", 2: "Post-graduate", 3: "Other"}

#: Agency social workers need at least this much post-qualifying experience (DfE rules, Oct 2024).
AGENCY_MIN_PQE_YEARS = 3


class StartOrigin(StrEnum):
    """Where a starter came from (the census StartOrigin list, codes in ``dfe_code``)."""

    NEWLY_QUALIFIED = "newly_qualified"
    OTHER_LA_ENGLAND = "other_la_england"
    SOCIAL_WORK_OUTSIDE_ENGLAND = "social_work_outside_england"
    AGENCY_ENGLAND = "agency_england"
    OTHER_SOCIAL_WORK_ENGLAND = "other_social_work_england"
    OTHER_SOCIAL_CARE = "other_social_care"
    NON_SOCIAL_CARE = "non_social_care"
    OTHER = "other"
    NOT_KNOWN = "not_known"
    NOT_YET_COLLECTED = "not_yet_collected"

    @property
    def dfe_code(self) -> int:
        """The census StartOrigin code (1–10)."""
        return StartOrigin._member_names_.index(self.name) + 1  # listing the members: 20x slower


def reason_for_code(code: int) -> LeavingReason | None:
    """The leaving reason with census code ``code``, or ``None`` if the code is not on the list."""
    return next((r for r in LeavingReason if r.dfe_code == code), None)


def destination_for_code(code: int) -> LeaverDestination | None:
    """The leaver destination with census code ``code``, or ``None``."""
    return next((d for d in LeaverDestination if d.dfe_code == code), None)


def origin_for_code(code: int) -> StartOrigin | None:
    """The start origin with census code ``code``, or ``None``."""
    return next((o for o in StartOrigin if o.dfe_code == code), None)


def census_date(year: int) -> date:
    """The census reference date: 30 September of ``year``."""
    return date(year, 9, 30)


@dataclass(frozen=True, slots=True)
class CensusWorker:
    """One ``CSWWWorker`` record, plus what cswork knows about it that is not sent (``worker_ref``,
    ``qualified``, whether only a hash of the SWE number is held)."""

    worker_ref: str
    agency: bool
    swe_number: str | None = None
    fte: float | None = None
    birth_date: date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    qual_inst: tuple[str, ...] = ()
    qual_level: int | None = None
    org_role: int | None = None
    role_start: date | None = None
    start_origin: int | None = None
    role_end: date | None = None
    leaver_destination: int | None = None
    reason_leave: int | None = None
    fte30: float | None = None
    cases30: int | None = None
    working_days_lost: float | None = None
    qualified: date | None = None
    step_up_grad: bool | None = None
    frontline_grad: bool | None = None
    absent_30_sept: bool | None = None
    absence_reason: str | None = None  # the census ReasonAbsence code (MAT, SIC, OTH ...)
    swe_hashed: bool = False

    @property
    def in_post(self) -> bool:
        """In post on 30 September (the return gives an FTE on that day)."""
        return self.fte30 is not None


@dataclass(frozen=True, slots=True)
class CensusReturn:
    """A whole return: the LA-level figures and the worker records.

    ``agency_fte`` and ``agency_headcount`` are ``NoAgencyFTE`` and ``NoAgencyHeadcount``: agency
    workers covering vacancies on 30 September (see :class:`cswork.model.census_build.LaLevel`).
    """

    year: int
    la_code: str
    vacancy_fte: float
    agency_fte: float
    agency_headcount: int
    workers: tuple[CensusWorker, ...]

    @property
    def reference_date(self) -> date:
        """30 September of the census year."""
        return census_date(self.year)


def return_figures(census: CensusReturn) -> Figures:
    """The counts behind the DfE measures, read from a return (see :class:`Figures` for the rates).

    In post = LA-employed records with an FTE on 30 September; leavers = LA-employed records whose
    role ended in the 12 months to 30 September (their FTE at leaving); starters = LA-employed records
    whose service began in those 12 months; agency FTE and headcount = agency records in post on
    30 September; agency cover and vacancy FTE are the LA-level figures, and the
    establishment is taken as the vacancies plus the LA-employed FTE in post; caseload =
    cases on 30 September over the FTE of workers in post holding at least one.
    """
    ref = census.reference_date
    window_start = year_before(ref)
    in_post_fte = leavers_fte = starters_fte = holders_fte = 0.0
    in_post = cases = holders = agency = 0
    agency_fte = 0.0
    for worker in census.workers:
        fte30 = worker.fte30 or 0.0
        if worker.agency and worker.in_post:
            agency_fte += fte30
            agency += 1
        if not worker.agency:
            if worker.in_post:
                in_post_fte += fte30
                in_post += 1
            if worker.role_end is not None and window_start < worker.role_end <= ref:
                leavers_fte += worker.fte or 0.0
            if worker.role_start is not None and window_start < worker.role_start <= ref:
                starters_fte += worker.fte or 0.0
        if worker.in_post and (worker.cases30 or 0) > 0:
            cases += worker.cases30 or 0
            holders_fte += fte30
            holders += 1
    return Figures(
        in_post_fte=round(in_post_fte, 6),
        in_post_headcount=in_post,
        agency_fte=round(agency_fte, 6),
        agency_headcount=agency,
        agency_cover_fte=census.agency_fte,
        agency_cover_headcount=census.agency_headcount,
        vacancy_fte=census.vacancy_fte,
        establishment_fte=round(census.vacancy_fte + in_post_fte, 6),
        leavers_fte=round(leavers_fte, 6),
        starters_fte=round(starters_fte, 6),
        cases=cases,
        case_holders_fte=round(holders_fte, 6),
        case_holders_headcount=holders,
    )
