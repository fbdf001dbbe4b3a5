"""Parsing one cell: dates, months, FTE, money, yes/no, contract, OrgRole, reasons and case types.

The labels each parser accepts (contract types, job-title words, case types ...) are in
:mod:`cswork.importers.synonyms`.

Every parser takes a cell as read (text from CSV; text, number, bool or date from XLSX) and returns
the stored value, or raises :class:`ValueError` whose message is the reason shown to the user. The
message never repeats the value: the problem report carries it separately, and the import log keeps
reasons but not values.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from cswork.importers.synonyms import (
    ABSENCE_REASON_SYNONYMS,
    CASE_TYPE_SYNONYMS,
    CONTRACT_SYNONYMS,
    DEMAND_MEASURES,
    JOB_TYPE_SYNONYMS,
    NO_WORDS,
    ORIGIN_CODE_ROUTES,
    REASON_SYNONYMS,
    ROLE_NAMES,
    ROLE_WORDS,
    ROUTE_SYNONYMS,
    ROUTE_UNKNOWN,
    YES_WORDS,
)
from cswork.model.dates import (
    MONTH_NAMES,
    NotADateError,
    NotARealDateError,
    read_day,
    two_digit_year,
)
from cswork.model.workforce import Contract, LeaverDestination, LeavingReason

__all__ = [
    "CASE_TYPE_SYNONYMS",
    "CONTRACT_SYNONYMS",
    "DEMAND_MEASURES",
    "Cell",
    "excel_serial",
    "parse_absence_reason",
    "parse_case_type",
    "parse_contract",
    "parse_count",
    "parse_date",
    "parse_destination",
    "parse_fte",
    "parse_hours",
    "parse_hours_fte",
    "parse_job_type",
    "parse_leaving_reason",
    "parse_measure",
    "parse_money",
    "parse_month",
    "parse_number",
    "parse_org_role",
    "parse_route",
    "parse_yes_no",
    "text",
]

Cell = str | int | float | bool | date | datetime | time | timedelta | None

_EXCEL_EPOCH = date(1899, 12, 30)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
DATE_HELP = "use 31/01/2021, 31-Jan-21, 2021-01-31 or an Excel date"


def text(cell: Cell) -> str:
    """The cell as trimmed text ('' for empty); whole numbers lose their '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def excel_serial(number: float) -> date:
    """The date of an Excel (1900 system) serial day number."""
    if not 1 <= number < 2958466:
        raise ValueError(f"number out of range for an Excel date ({DATE_HELP})")
    if int(number) == 60:
        raise ValueError("Excel serial 60 is 29 February 1900, which did not exist")
    return _EXCEL_EPOCH + timedelta(days=int(number) + (1 if number < 60 else 0))


@lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> date:
    try:
        return read_day(value)
    except NotARealDateError:
        raise ValueError(f"not a real date ({DATE_HELP})") from None
    except NotADateError as exc:
        if str(exc) == "unknown month name":
            raise ValueError(f"unknown month name ({DATE_HELP})") from None
        if _NUMBER.match(value):
            return excel_serial(float(value))
        raise ValueError(f"not a date ({DATE_HELP})") from None


#: The earliest date an extract may hold: older ones are placeholders for "no date" (0001-01-01)
#: or typing errors, and the month-end history cannot count back from them.
FIRST_DAY = date(1900, 1, 1)


def parse_date(cell: Cell) -> date:
    """A date from UK (31/01/2021, 31-Jan-21), ISO, YYYYMMDD, Excel serial or a spreadsheet date;
    from 1900 on."""
    if isinstance(cell, datetime):
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    elif isinstance(cell, bool):
        raise ValueError(f"not a date ({DATE_HELP})")
    elif isinstance(cell, time):  # calamine's reading of a date cell of 0, -5 or 0.5
        raise ValueError(
            "the cell holds a time of day, not a date (an Excel date of 0 or less, or under a day?)"
        )
    elif isinstance(cell, int | float):
        day = excel_serial(float(cell))
    else:
        day = _parse_date_text(text(cell))
    if day < FIRST_DAY:
        raise ValueError("a date before 1900 is a placeholder or a typing error, not a real date")
    return day


def parse_month(cell: Cell) -> str:
    """A month as YYYY-MM from 2021-01, 01/2021, Jan-21, January 2021, or any date in the month."""
    value = text(cell).lower()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", value):
        year, month = int(match[2]), int(match[1])
    elif match := re.fullmatch(r"([a-z]+)[\s/,-]*(\d{2}|\d{4})", value):
        if match[1] not in MONTH_NAMES:
            raise ValueError("unknown month name (use 2021-01, Jan-21 or January 2021)")
        year, month = two_digit_year(match[2]), MONTH_NAMES[match[1]]
    else:
        try:
            day = parse_date(cell)
        except ValueError:
            raise ValueError("not a month (use 2021-01, Jan-21 or January 2021)") from None
        return f"{day.year:04d}-{day.month:02d}"
    if not 1 <= month <= 12:
        raise ValueError("month must be 1 to 12")
    if not FIRST_DAY.year <= year < 2100:  # 0001-01 is no month of any history; nor is 9999-12
        raise ValueError("a month must be from 1900 to 2099")
    return f"{year:04d}-{month:02d}"


def parse_number(cell: Cell) -> float:
    """A plain number; thousands separators and a leading £ are allowed."""
    if isinstance(cell, bool):
        raise ValueError("not a number")
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        value = text(cell).removeprefix("£").strip()
        if "," in value:
            # only as a thousands separator: '45,50' is not 4550 (a decimal comma?), nor is 1,2,3
            if not _THOUSANDS.match(value):
                raise ValueError(
                    "not a number (a comma may only separate thousands, as in 1,234.50)"
                )
            value = value.replace(",", "")
        if not _NUMBER.match(value):
            raise ValueError("not a number")
        number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a number")
    return number


#: Larger counts than this are typing errors, not caseloads or cohort sizes.
MAX_COUNT = 1_000_000


def parse_count(cell: Cell) -> int:
    """A whole number from zero to a million."""
    number = parse_number(cell)
    if number < 0 or not number.is_integer():
        raise ValueError("must be a whole number of zero or more")
    if number > MAX_COUNT:
        raise ValueError("must be at most 1,000,000")
    return int(number)


def parse_fte(cell: Cell, standard_hours: float) -> float:
    """FTE from 0.8, 80 % or hours ('29.6 hrs' ÷ the standard hours); must be over 0, at most 1.5."""
    value = text(cell).lower()
    if value.endswith("%"):
        fte = parse_number(value[:-1]) / 100
    elif match := re.fullmatch(r"(.+?)\s*(h|hr|hrs|hour|hours)", value):
        fte = parse_number(match[1]) / standard_hours
    else:
        fte = parse_number(cell)
    if not 0 < fte <= 1.5:
        raise ValueError("FTE must be more than 0 and at most 1.5 (write 80% or '29.6 hrs')")
    return round(fte, 4)


def parse_hours_fte(cell: Cell, standard_hours: float) -> float:
    """FTE from weekly contracted hours ÷ the standard hours."""
    hours = parse_number(text(cell).lower().removesuffix("hrs").removesuffix("hours").strip())
    fte = hours / standard_hours
    if not 0 < fte <= 1.5:
        raise ValueError(f"hours must be more than 0 and at most {1.5 * standard_hours:g}")
    return round(fte, 4)


def parse_hours(cell: Cell) -> float:
    """Weekly hours (37, 37.5 hrs), more than 0 and at most 100."""
    hours = parse_number(text(cell).lower().removesuffix("hrs").removesuffix("hours").strip())
    if not 0 < hours <= 100:
        raise ValueError("weekly hours must be more than 0 and at most 100")
    return hours


def parse_job_type(cell: Cell) -> str:
    """A core job type for agency price caps from its usual labels (Social Worker, SSW, ATM ...)."""
    key = _key(text(cell))
    job_type = JOB_TYPE_SYNONYMS.get(key, key.replace(" ", "_"))
    if job_type not in JOB_TYPE_SYNONYMS.values():
        raise ValueError(
            "unknown core job type (use Social Worker, Senior Social Worker, Advanced "
            "Practitioner, Team Manager or IRO / CP Chair)"
        )
    return job_type


#: The most an hour is charged or paid: agency price caps are read to the same bound.
MAX_HOURLY = 1000


def parse_money(cell: Cell) -> float:
    """An amount in pounds an hour (£45.50 or 45.5), zero to £1,000."""
    amount = parse_number(cell)
    if amount < 0:
        raise ValueError("must not be negative")
    if amount > MAX_HOURLY:
        raise ValueError("an hourly charge or pay rate is at most £1,000")
    return amount


def parse_yes_no(cell: Cell) -> bool:
    """Yes/No, Y/N, True/False or 1/0."""
    value = text(cell).lower()
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    raise ValueError("must be yes or no")


def _key(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()


def parse_contract(cell: Cell) -> Contract:
    """Permanent, fixed-term or agency from the usual labels in any case (Perm, FTC, Locum ...)."""
    contract = CONTRACT_SYNONYMS.get(_key(text(cell)))
    if contract is None:
        raise ValueError("unknown contract type (use Permanent, Fixed Term or Agency)")
    return contract


def parse_org_role(cell: Cell) -> int:
    """OrgRole 1-6 from its code or from common job-title words."""
    value = _key(text(cell))
    if re.fullmatch(r"[1-6]", value):
        return int(value)
    padded = f" {value} "
    for words, role in ROLE_WORDS:
        if f" {words} " in padded:
            return role
    for role, name in ROLE_NAMES.items():
        if value == name:
            return role
    raise ValueError("unknown role (use an OrgRole code 1-6 or map the job title)")


def parse_leaving_reason(cell: Cell) -> LeavingReason:
    """A leaving reason from its slug, its census code (1-10), or a common HR label."""
    value = _key(text(cell))
    if value.isdigit() and 1 <= int(value) <= len(LeavingReason):
        return list(LeavingReason)[int(value) - 1]
    slug = value.replace(" ", "_")
    if slug in LeavingReason.__members__.values():
        return LeavingReason(slug)
    if value in REASON_SYNONYMS:
        return REASON_SYNONYMS[value]
    raise ValueError("unknown leaving reason (use the census list or map it)")


def parse_destination(cell: Cell) -> LeaverDestination:
    """A leaver destination from its slug or its census code (1-9)."""
    value = _key(text(cell))
    if value.isdigit() and 1 <= int(value) <= len(LeaverDestination):
        return list(LeaverDestination)[int(value) - 1]
    slug = value.replace(" ", "_")
    if slug in LeaverDestination.__members__.values():
        return LeaverDestination(slug)
    raise ValueError("unknown leaver destination (use the census list or map it)")


def parse_route(cell: Cell) -> str | None:
    """A recruitment route from its usual labels in any case (Academy, ASYE, Step Up, Frontline,
    Apprenticeship, Return to Practice, International, Experienced, Agency Conversion, Other), or a
    census StartOrigin code 1-10; ``None`` for "not known"."""
    value = _key(text(cell))
    if value.isdigit() and int(value) in ORIGIN_CODE_ROUTES:
        return ORIGIN_CODE_ROUTES[int(value)]
    if value in ROUTE_UNKNOWN:
        return None
    route = ROUTE_SYNONYMS.get(value) or ROUTE_SYNONYMS.get(value.replace(" ", ""))
    if route is None and value.replace(" ", "_") in ROUTE_SYNONYMS.values():
        route = value.replace(" ", "_")
    if route is None:
        raise ValueError(
            "unknown recruitment route (use Academy/ASYE, Step Up, Frontline, Apprenticeship, "
            "Return to Practice, International, Experienced, Agency Conversion or Other)"
        )
    return route


def parse_absence_reason(cell: Cell) -> str:
    """An absence reason category (sickness, maternity/parental, other) from the usual labels or a
    census ReasonAbsence code; anything else, medical detail included, is refused."""
    reason = ABSENCE_REASON_SYNONYMS.get(_key(text(cell)))
    if reason is None:
        raise ValueError(
            "unknown absence reason (use Sickness, Maternity/Parental or Other; medical detail "
            "is never kept)"
        )
    return reason


def parse_case_type(cell: Cell) -> str:
    """CIN, CP, CLA, CL, ASSESSMENT or OTHER from the usual labels in any case."""
    case_type = CASE_TYPE_SYNONYMS.get(_key(text(cell)))
    if case_type is None:
        raise ValueError("unknown case type (use CIN, CP, CLA, CL, Assessment or Other)")
    return case_type


def parse_measure(cell: Cell) -> str:
    """A demand measure slug (contacts, referrals, assessments, s47, strategy_meetings, ...)."""
    measure = DEMAND_MEASURES.get(_key(text(cell)))
    if measure is None:
        raise ValueError(
            "unknown demand measure (use contacts, referrals, assessments, s47, "
            "strategy_meetings, cp_plans, cin, cla or care_leavers)"
        )
    return measure
