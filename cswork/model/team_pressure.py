"""Caseload pressure rolled up by team and service area, and each team's trend over time.

For a group of in-post workers (a team, a service area, the authority):

- ``case_holding_fte`` and ``cases`` follow DfE: FTE of the workers holding at least one case, and the
  cases they hold; ``caseload`` = cases ÷ case-holding FTE, the DfE figure;
- ``weighted_cases`` = Σ cases × weight, and ``weighted_caseload`` = weighted cases ÷ case-holding
  FTE, our figure on the same footing as the DfE one, so the two can be read side by side;
- ``capacity`` = Σ worker capacity; ``utilisation`` = weighted cases ÷ capacity. Cases held by a
  worker without capacity (a manager, zero FTE) stay in the weighted cases: they are work the group
  carries with no capacity set aside for it. Those workers are counted as ``unmeasurable``;
- ``band_counts``: workers with capacity, by utilisation band (workers with neither capacity nor
  cases are in no band).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cswork.model.measures import caseload
from cswork.model.pressure import BANDS, Band, WorkerPressure, band_for, utilisation_of


@dataclass(frozen=True, slots=True)
class GroupPressure:
    """Caseload pressure of a team, a service area or the authority."""

    name: str
    case_holding_fte: float = 0.0
    case_holders: int = 0
    cases: int = 0
    weighted_cases: float = 0.0
    capacity: float = 0.0
    band_counts: Mapping[Band, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    over_capacity: int = 0
    unmeasurable: int = 0

    @property
    def caseload(self) -> float | None:
        """DfE caseload: cases ÷ case-holding FTE."""
        return caseload(self.cases, self.case_holding_fte)

    @property
    def weighted_caseload(self) -> float | None:
        """Weighted cases ÷ case-holding FTE."""
        return caseload(self.weighted_cases, self.case_holding_fte)

    @property
    def utilisation(self) -> float | None:
        """Weighted cases ÷ capacity (a fraction), ``None`` without capacity."""
        return utilisation_of(self.weighted_cases, self.capacity)


def roll_up(name: str, pressures: Iterable[WorkerPressure]) -> GroupPressure:
    """One group's figures from its workers' pressures."""
    holding_fte, holders, cases, weighted, capacity = 0.0, 0, 0, 0.0, 0.0
    bands = dict.fromkeys(BANDS, 0)
    over, unmeasurable = 0, 0
    for worker in pressures:
        if worker.cases > 0:
            holding_fte += worker.fte
            holders += 1
        cases += worker.cases
        weighted += worker.weighted_caseload
        capacity += worker.capacity
        utilisation = worker.utilisation
        if utilisation is not None:
            bands[band_for(utilisation)] += 1
            over += utilisation > 1.0
        elif worker.cases > 0:
            unmeasurable += 1
    return GroupPressure(
        name=name,
        case_holding_fte=round(holding_fte, 6),
        case_holders=holders,
        cases=cases,
        weighted_cases=round(weighted, 6),
        capacity=round(capacity, 6),
        band_counts=bands,
        over_capacity=over,
        unmeasurable=unmeasurable,
    )


def roll_up_by(
    pressures: Iterable[WorkerPressure], key: Callable[[WorkerPressure], str]
) -> list[GroupPressure]:
    """One :class:`GroupPressure` per value of ``key``, by name. Groups that hold neither cases
    nor capacity (a leadership team) are left out."""
    groups: dict[str, list[WorkerPressure]] = defaultdict(list)
    for worker in pressures:
        groups[key(worker)].append(worker)
    rolled = (roll_up(name, members) for name, members in sorted(groups.items()))
    return [group for group in rolled if group.cases or group.capacity]


def by_team(pressures: Iterable[WorkerPressure]) -> list[GroupPressure]:
    """Pressure per team."""
    return roll_up_by(pressures, lambda worker: worker.team)


def by_service_area(
    pressures: Iterable[WorkerPressure], service_areas: Mapping[str, str | None]
) -> list[GroupPressure]:
    """Pressure per service area; teams without one are grouped under their own name."""
    return roll_up_by(pressures, lambda worker: service_areas.get(worker.team) or worker.team)


def over_capacity(pressures: Iterable[WorkerPressure]) -> list[WorkerPressure]:
    """Workers over 100 %, most loaded first (then by reference)."""
    over = [p for p in pressures if p.over_capacity]
    return sorted(over, key=lambda p: (-(p.utilisation or 0.0), p.worker_ref))


def unmeasurable(pressures: Iterable[WorkerPressure]) -> list[WorkerPressure]:
    """Workers holding cases without capacity (zero FTE, or a role that holds none)."""
    return sorted((p for p in pressures if p.unmeasurable), key=lambda p: p.worker_ref)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """A group's pressure at one caseload count date."""

    on: date
    pressure: GroupPressure


@dataclass(frozen=True, slots=True)
class PressureTrend:
    """A team's (or the authority's) pressure at every stored count date, oldest first."""

    name: str
    points: tuple[TrendPoint, ...]
