"""The workforce as records: role spells, establishment and caseload counts (dates: :mod:`cswork.model.months`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Contract(StrEnum):
    """Employment type. Agency workers are not paid by the LA directly (DfE)."""

    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    AGENCY = "agency"


#: DfE OrgRole codes.
ORG_ROLES: dict[int, str] = {
    1: "Senior manager",
    2: "Middle manager",
    3: "First line manager",
    4: "Senior practitioner",
    5: "Case holder",
    6: "Qualified without cases",
}

#: Roles that carry caseload capacity; managers and role 6 hold none.
CASE_HOLDING_ROLES = frozenset({4, 5})

#: A new LA-employed spell starting within this many days of the previous one ending is a move
#: within the authority, not a leaver and a starter.
CONTINUITY_DAYS = 7


@dataclass(frozen=True, slots=True)
class RoleSpell:
    """A worker's spell in one role; ``end`` is the last day in post, ``None`` while in post."""

    worker_ref: str
    team: str
    org_role: int
    contract: Contract
    fte: float
    start: date
    end: date | None = None
    leaving_reason: str | None = None
    qualified: date | None = None
    cohort: str | None = None
    covering_vacancy: bool = False
    hourly_charge: float | None = None
    job_title: str | None = None
    agency_supplier: str | None = None
    job_type: str | None = None  # a core job type (cswork.model.money.JobType) for agency spells
    weekly_hours: float | None = None  # hours charged a week, when an agency extract gives them
    project_team: bool = False
    route: str | None = None  # recruitment route as recorded (cswork.model.routes)
    destination: str | None = None  # where a leaver went (LeaverDestination) as recorded

    @property
    def la_employed(self) -> bool:
        """Permanent or fixed-term: paid by the LA."""
        return self.contract is not Contract.AGENCY

    def in_post(self, on: date) -> bool:
        """Whether the spell covers the day ``on``."""
        return self.start <= on and (self.end is None or self.end >= on)


@dataclass(frozen=True, slots=True)
class EstablishmentLine:
    """Funded FTE for a team and OrgRole from ``effective_from`` until superseded."""

    team: str
    org_role: int
    funded_fte: float
    effective_from: date


@dataclass(frozen=True, slots=True)
class CaseCount:
    """Cases of one type held by a worker as at a date."""

    worker_ref: str
    as_at: date
    case_type: str
    cases: int


class LeavingReason(StrEnum):
    """Why an LA-employed worker left (the census ReasonLeave list, codes in ``dfe_code``)."""

    RESIGNATION = "resignation"
    VOLUNTARY_REDUNDANCY = "voluntary_redundancy"
    COMPULSORY_REDUNDANCY = "compulsory_redundancy"
    DISMISSED = "dismissed"
    RETIRED = "retired"
    DECEASED = "deceased"
    MOVED_WITHIN_LA = "moved_within_la"
    OTHER = "other"
    NOT_KNOWN = "not_known"
    NOT_YET_COLLECTED = "not_yet_collected"

    @property
    def dfe_code(self) -> int:
        """The census ReasonLeave code (1–10)."""
        return list(LeavingReason).index(self) + 1


class LeaverDestination(StrEnum):
    """Where a leaver went (the census LeaverDestination list, codes in ``dfe_code``)."""

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
        """The census LeaverDestination code (1–9)."""
        return list(LeaverDestination).index(self) + 1
