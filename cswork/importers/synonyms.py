"""The labels cell parsers accept: contract types, job-title words, leaving reasons, case types and
demand measures, each keyed by its lower-case, space-separated form.

Kept apart from :mod:`cswork.importers.values` so that the vocabulary can be read (and extended)
without the parsing code around it.
"""

from __future__ import annotations

from cswork.model.workforce import Contract, LeavingReason

#: Yes/no words (a "covering" agency worker fills a vacancy; an "additional" one does not).
YES_WORDS = {"y", "yes", "true", "1", "covering", "vacancy"}
NO_WORDS = {"n", "no", "false", "0", "additional", "supernumerary"}


CONTRACT_SYNONYMS: dict[str, Contract] = {
    **dict.fromkeys(("permanent", "perm", "substantive", "established"), Contract.PERMANENT),
    **dict.fromkeys(
        ("fixed term", "ftc", "fixed term contract", "temporary", "temp"), Contract.FIXED_TERM
    ),
    **dict.fromkeys(("agency", "locum", "interim", "contractor", "agency locum"), Contract.AGENCY),
}


#: Job-title words to OrgRole, most specific first.
ROLE_WORDS: tuple[tuple[str, int], ...] = (
    ("assistant director", 1),
    ("director", 1),
    ("head of", 1),
    ("service manager", 2),
    ("group manager", 2),
    ("area manager", 2),
    ("deputy team manager", 3),
    ("assistant team manager", 3),
    ("team manager", 3),
    ("team leader", 3),
    ("practice supervisor", 3),
    ("senior practitioner", 4),
    ("advanced practitioner", 4),
    ("consultant social worker", 4),
    ("senior social worker", 4),
    ("independent reviewing officer", 6),
    ("iro", 6),
    ("conference chair", 6),
    ("lado", 6),
    ("practice educator", 6),
    ("social worker", 5),
    ("nqsw", 5),
    ("asye", 5),
    ("newly qualified", 5),
    ("case holder", 5),
    ("qualified without cases", 6),
)

#: OrgRole names as the DfE words them (lower case).
ROLE_NAMES: dict[int, str] = {
    1: "senior manager",
    2: "middle manager",
    3: "first line manager",
    4: "senior practitioner",
    5: "case holder",
    6: "qualified without cases",
}

#: Common HR leaving-reason labels (the slugs and census codes are accepted too).
REASON_SYNONYMS: dict[str, LeavingReason] = {
    "resigned": LeavingReason.RESIGNATION,
    "resignation": LeavingReason.RESIGNATION,
    "voluntary resignation": LeavingReason.RESIGNATION,
    "retirement": LeavingReason.RETIRED,
    "retired": LeavingReason.RETIRED,
    "dismissal": LeavingReason.DISMISSED,
    "dismissed": LeavingReason.DISMISSED,
    "redundancy": LeavingReason.COMPULSORY_REDUNDANCY,
    "death in service": LeavingReason.DECEASED,
    "died": LeavingReason.DECEASED,
    "end of contract": LeavingReason.OTHER,
    "end of fixed term": LeavingReason.OTHER,
    "transfer": LeavingReason.MOVED_WITHIN_LA,
    "internal move": LeavingReason.MOVED_WITHIN_LA,
    "unknown": LeavingReason.NOT_KNOWN,
}


CASE_TYPE_SYNONYMS: dict[str, str] = {
    "cin": "CIN",
    "child in need": "CIN",
    "children in need": "CIN",
    "cp": "CP",
    "cpp": "CP",
    "child protection": "CP",
    "child protection plan": "CP",
    "cla": "CLA",
    "lac": "CLA",
    "looked after": "CLA",
    "child looked after": "CLA",
    "children looked after": "CLA",
    "cic": "CLA",
    "child in care": "CLA",
    "cl": "CL",
    "care leaver": "CL",
    "care leavers": "CL",
    "leaving care": "CL",
    "assessment": "ASSESSMENT",
    "assessments": "ASSESSMENT",
    "c and f assessment": "ASSESSMENT",
    "single assessment": "ASSESSMENT",
    "other": "OTHER",
    "early help": "OTHER",
    "private fostering": "OTHER",
}


DEMAND_MEASURES: dict[str, str] = {
    "contacts": "contacts",
    "contact": "contacts",
    "referrals": "referrals",
    "referral": "referrals",
    "assessments": "assessments",
    "assessment": "assessments",
    "s47": "s47",
    "s47 enquiries": "s47",
    "section 47": "s47",
    "section 47 enquiries": "s47",
    "strategy meetings": "strategy_meetings",
    "strategy discussions": "strategy_meetings",
    "cp plans": "cp_plans",
    "child protection plans": "cp_plans",
    "cin": "cin",
    "children in need": "cin",
    "child in need": "cin",
    "cla": "cla",
    "looked after children": "cla",
    "children looked after": "cla",
    "care leavers": "care_leavers",
}


#: Core job types (DfE agency price caps) by the labels extracts and cap files use.
JOB_TYPE_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        (
            "social worker",
            "sw",
            "qualified social worker",
            "case holding social worker",
            "children s social worker",
            "level 1",
        ),
        "social_worker",
    ),
    **dict.fromkeys(
        ("senior social worker", "ssw", "senior practitioner", "experienced social worker"),
        "senior_social_worker",
    ),
    **dict.fromkeys(
        (
            "advanced practitioner",
            "ap",
            "assistant team manager",
            "atm",
            "principal social worker",
            "practice supervisor",
            "consultant social worker",
        ),
        "advanced_practitioner",
    ),
    **dict.fromkeys(("team manager", "tm", "deputy team manager"), "team_manager"),
    **dict.fromkeys(
        (
            "independent reviewing officer",
            "iro",
            "child protection conference chair",
            "cp conference chair",
            "cp chair",
            "conference chair",
            "iro or cp conference chair",
            "iro cp chair",
            "iro cp conference chair",
        ),
        "iro_cp_chair",
    ),
}


#: Recruitment routes (cswork.model.routes.RecruitmentRoute) by the labels HR extracts use.
ROUTE_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        (
            "academy",
            "asye",
            "nqsw",
            "academy asye",
            "social work academy",
            "grow our own",
            "newly qualified",
            "newly qualified social worker",
            "graduate",
            "university",
        ),
        "academy",
    ),
    **dict.fromkeys(("step up", "stepup", "step up to social work"), "step_up"),
    **dict.fromkeys(("frontline", "frontline programme", "frontline graduate"), "frontline"),
    **dict.fromkeys(
        (
            "apprenticeship",
            "apprentice",
            "social work apprenticeship",
            "degree apprenticeship",
            "social work degree apprenticeship",
        ),
        "apprenticeship",
    ),
    **dict.fromkeys(
        ("return to practice", "returner", "returning", "rtp", "return to social work"),
        "return_to_practice",
    ),
    **dict.fromkeys(
        (
            "international",
            "overseas",
            "international recruitment",
            "international recruit",
            "outside england",
            "overseas recruitment",
        ),
        "international",
    ),
    **dict.fromkeys(
        (
            "experienced",
            "experienced hire",
            "experienced social worker",
            "other authority",
            "other la",
            "another authority",
            "another la",
            "other local authority",
            "lateral",
            "external",
            "direct",
            "advert",
            "open recruitment",
        ),
        "experienced",
    ),
    **dict.fromkeys(
        (
            "agency conversion",
            "agency to permanent",
            "agency to perm",
            "converted from agency",
            "conversion",
            "agency convert",
            "ex agency",
            "temp to perm",
        ),
        "agency_conversion",
    ),
    **dict.fromkeys(("other", "refer a friend", "referral scheme", "internal"), "other"),
}

#: Route labels meaning "not known": read as no route rather than refused.
ROUTE_UNKNOWN = {"not known", "unknown", "not yet collected", "n a", "na", "none"}

#: Census StartOrigin codes (1-10) as routes (1: newly qualified, read as the academy; 9 and 10:
#: not known), for a "Start Origin" column that carries the census codes.
ORIGIN_CODE_ROUTES: dict[int, str | None] = {
    1: "academy",
    2: "experienced",
    3: "international",
    4: "agency_conversion",
    5: "experienced",
    6: "other",
    7: "return_to_practice",
    8: "other",
    9: None,
    10: None,
}


#: Absence reason categories (cswork.model.absence.AbsenceReason) by the labels HR systems use,
#: and the census ReasonAbsence codes. Only the category is kept.
ABSENCE_REASON_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        (
            "sickness",
            "sick",
            "sick leave",
            "sickness absence",
            "ill health",
            "illness",
            "long term sickness",
            "short term sickness",
            "lts",
            "sts",
            "sic",
        ),
        "sickness",
    ),
    **dict.fromkeys(
        (
            "maternity",
            "maternity leave",
            "paternity",
            "paternity leave",
            "parental",
            "parental leave",
            "shared parental leave",
            "spl",
            "adoption",
            "adoption leave",
            "maternity parental",
            "maternity paternity",
            "mat",
        ),
        "maternity",
    ),
    **dict.fromkeys(
        (
            "other",
            "compassionate",
            "compassionate leave",
            "bereavement",
            "special leave",
            "carers leave",
            "jury service",
            "public duties",
            "training",
            "study leave",
            "unpaid leave",
            "unauthorised",
            "suspension",
            "oth",
            "pub",
            "trn",
            "una",
            "unp",
        ),
        "other",
    ),
}

#: Words in a header that mark a column of medical detail: never read or stored.
MEDICAL_HEADER_WORDS = (
    "diagnosis",
    "medical",
    "condition",
    "illness",
    "symptom",
    "sickness reason",
    "reason detail",
    "absence detail",
    "fit note",
    "gp",
    "notes",
    "comments",
    "description",
    "details",
)
