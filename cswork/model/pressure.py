"""Caseload pressure, WMT-style: weighted caseload against capacity, per worker (docs/design.md, Measures).

- weighted caseload = Σ cases × case-type weight;
- capacity = FTE × team target × experience factor; NQSWs in their ASYE count at a factor rising from
  ``nqsw_factor_start`` to ``nqsw_factor_end``; managers and qualified-without-cases roles hold none;
- utilisation = weighted caseload ÷ capacity, banded: under 85 %; 85–100 % (inclusive of both ends);
  over 100 up to 110 %; over 110 %. "Over capacity" means over 100 %.

A worker with cases but no capacity (zero FTE, or a manager holding cases) has no utilisation; such
workers are listed as ``unmeasurable`` rather than divided by zero.

Utilisation is rounded to nine decimal places before it is banded, so that a load exactly at a
boundary is banded as the arithmetic says, not as binary floating point happens to round it: 17 cases
weighted 0.7 against 0.7 FTE × target 20 is exactly 85 %, but ``0.7 * 17 / (0.7 * 20)`` is
``0.8499999999999999``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter

from cswork.model.months import completed_months
from cswork.model.position import primary_spells
from cswork.model.settings import Settings
from cswork.model.workforce import CASE_HOLDING_ROLES, CaseCount, RoleSpell


class Band(StrEnum):
    """Utilisation bands."""

    UNDER_85 = "<85%"
    FROM_85_TO_100 = "85-100%"
    FROM_100_TO_110 = "100-110%"
    OVER_110 = ">110%"


BANDS: tuple[Band, ...] = tuple(Band)

#: Decimal places utilisation is rounded to: far finer than any figure shown, coarse enough to absorb
#: floating-point error in Σ cases × weight and FTE × target × factor.
_PLACES = 9


def utilisation_of(weighted_caseload: float, capacity: float) -> float | None:
    """Weighted caseload ÷ capacity as a fraction, or ``None`` when there is no capacity."""
    if capacity <= 0:
        return None
    return round(weighted_caseload / capacity, _PLACES)


def band_for(utilisation: float) -> Band:
    """The band of a utilisation given as a fraction (1.0 = 100 %)."""
    if utilisation < 0.85:
        return Band.UNDER_85
    if utilisation <= 1.0:
        return Band.FROM_85_TO_100
    if utilisation <= 1.10:
        return Band.FROM_100_TO_110
    return Band.OVER_110


def asye_start(spells: Sequence[RoleSpell], cohort_starts: Mapping[str, date]) -> date | None:
    """When a worker's ASYE began: their academy cohort's start, else their first employed post if it
    began within a year of qualifying; ``None`` for workers who were already qualified and
    experienced, and for workers the authority never employed (an agency worker is not on its ASYE).
    """
    employed = [s for s in spells if s.la_employed]
    if not employed:
        return None
    cohort = next((s.cohort for s in employed if s.cohort), None)
    if cohort and cohort in cohort_starts:
        return cohort_starts[cohort]
    first = min(employed, key=_start)
    qualified = next((s.qualified for s in spells if s.qualified), None)
    if qualified is not None and qualified <= first.start < _year_after(qualified):
        return first.start
    return None


_start = attrgetter("start")


def _year_after(day: date) -> date:
    """``add_months(day, 12)``, without its general month arithmetic (29 February gives 28)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 2, 28)


@dataclass(frozen=True, slots=True)
class WorkerPressure:
    """One in-post worker's weighted caseload against capacity as at a date."""

    worker_ref: str
    team: str
    org_role: int
    fte: float
    cases: int
    cases_by_type: Mapping[str, int]
    weighted_caseload: float
    capacity: float
    in_asye: bool
    asye_month: int | None

    @property
    def utilisation(self) -> float | None:
        """Weighted caseload ÷ capacity (a fraction), or ``None`` without capacity."""
        return utilisation_of(self.weighted_caseload, self.capacity)

    @property
    def band(self) -> Band | None:
        """The utilisation band, if measurable."""
        utilisation = self.utilisation
        return None if utilisation is None else band_for(utilisation)

    @property
    def over_capacity(self) -> bool:
        """Utilisation above 100 %."""
        utilisation = self.utilisation
        return utilisation is not None and utilisation > 1.0

    @property
    def cp_cases(self) -> int:
        """Child protection cases held."""
        return self.cases_by_type.get("CP", 0)

    @property
    def unmeasurable(self) -> bool:
        """Holds cases but has no capacity (zero FTE, or a non-case-holding role)."""
        return self.cases > 0 and self.capacity <= 0


class PressureCalculator:
    """Worker pressures at any date for one set of role spells and settings.

    Each worker's ASYE start (when first needed) and the settings are worked out once, so a monthly
    series does not repeat them for every month.
    """

    def __init__(
        self,
        spells: Sequence[RoleSpell],
        settings: Settings,
        team_targets: Mapping[str, float] | None = None,
        cohort_starts: Mapping[str, date] | None = None,
    ) -> None:
        self.spells = tuple(spells)
        self.settings = settings
        self.team_targets = dict(team_targets or {})
        self.weights = settings.weights
        self.target = settings.target_caseload
        self.asye_months = settings.asye_months
        self._by_worker: dict[str, list[RoleSpell]] = defaultdict(list)
        for spell in self.spells:
            self._by_worker[spell.worker_ref].append(spell)
        self._cohort_starts = dict(cohort_starts or {})
        self._asye_starts: dict[str, date | None] = {}
        self._factors: dict[int, float] = {}

    def asye_start(self, ref: str) -> date | None:
        """When worker ``ref``'s ASYE began (worked out once, when first asked)."""
        if ref not in self._asye_starts:
            own = self._by_worker.get(ref, [])
            self._asye_starts[ref] = asye_start(own, self._cohort_starts)
        return self._asye_starts[ref]

    def at(self, as_at: date, case_counts: Iterable[CaseCount]) -> list[WorkerPressure]:
        """Every worker in post on ``as_at``, with the latest counts on or before it."""
        dated = [c for c in case_counts if c.as_at <= as_at]
        latest = max((c.as_at for c in dated), default=None)
        by_type: dict[str, dict[str, int]] = {}
        for count in dated:
            if count.as_at == latest:
                held = by_type.get(count.worker_ref)
                if held is None:
                    held = by_type[count.worker_ref] = {}
                held[count.case_type] = held.get(count.case_type, 0) + count.cases
        in_post = primary_spells(s for s in self.spells if s.in_post(as_at))
        return [
            self._worker(spell, by_type.get(ref, {}), as_at)
            for ref, spell in sorted(in_post.items())
        ]

    def _factor(self, asye_month: int) -> float:
        """The NQSW capacity factor in an ASYE month (worked out once per month)."""
        factor = self._factors.get(asye_month)
        if factor is None:
            factor = self._factors[asye_month] = self.settings.nqsw_factor(asye_month)
        return factor

    def _worker(self, spell: RoleSpell, held: dict[str, int], as_at: date) -> WorkerPressure:
        # Added one after another from 0, in the counts' order, as sum() adds: the same bits.
        weighted: float = 0
        cases = 0
        weights = self.weights
        for case_type, n in held.items():
            weighted += weights.get(case_type, 1.0) * n
            cases += n
        began = self.asye_start(spell.worker_ref)
        asye_month = completed_months(began, as_at) if began else None
        in_asye = asye_month is not None and 0 <= asye_month < self.asye_months
        factor = self._factor(asye_month or 0) if in_asye else 1.0
        target = self.team_targets.get(spell.team) or self.target
        holds_capacity = spell.org_role in CASE_HOLDING_ROLES
        return WorkerPressure(
            worker_ref=spell.worker_ref,
            team=spell.team,
            org_role=spell.org_role,
            fte=spell.fte,
            cases=cases,
            cases_by_type=held,
            weighted_caseload=weighted,
            capacity=spell.fte * target * factor if holds_capacity else 0.0,
            in_asye=in_asye,
            asye_month=asye_month if in_asye else None,
        )


def worker_pressures(
    spells: Sequence[RoleSpell],
    case_counts: Iterable[CaseCount],
    as_at: date,
    settings: Settings,
    team_targets: Mapping[str, float] | None = None,
    cohort_starts: Mapping[str, date] | None = None,
) -> list[WorkerPressure]:
    """Weighted caseload, capacity and ASYE status for every worker in post on ``as_at``."""
    return PressureCalculator(spells, settings, team_targets, cohort_starts).at(as_at, case_counts)
