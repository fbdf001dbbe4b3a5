"""The authority's past month by month: what calibration weighs and backtests compare against.

One :class:`MonthRecord` per month end: person-years of exposure by experience band (each
LA-employed person in post at the month end counts 1/12, in the band they were in that day), leavers
in the month by band (each person once, in the band of their last day), experienced hires (arrivals
not through an academy cohort nor from agency), conversions from agency, agency workers in post, and
the FTE in post, vacancy FTE and agency FTE at the month end, as the position counts them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cswork.model.months import add_months, month_end
from cswork.model.position import arrivals, departures, primary_spells, workforce_position
from cswork.model.projection.assumptions import BANDS
from cswork.model.projection.state import place_worker
from cswork.model.settings import Settings
from cswork.model.workforce import EstablishmentLine, RoleSpell

#: An agency worker whose LA-employed spell starts within this many days of the agency spell ending
#: has converted to permanent.
CONVERSION_DAYS = 31


@dataclass(frozen=True, slots=True)
class MonthRecord:
    """One month of history, ending on ``end``."""

    end: date
    exposure: tuple[float, ...]  # person-years by band
    leavers: tuple[int, ...]  # by band
    hires: int
    conversions: int
    agency_heads: int
    in_post_fte: float
    vacancy_fte: float
    agency_fte: float


def converted(spell: RoleSpell, worker_spells: Sequence[RoleSpell]) -> bool:
    """Whether LA-employed ``spell`` began within a month of the same worker's agency spell ending."""
    return any(
        not other.la_employed
        and other.end is not None
        and spell.start - timedelta(days=CONVERSION_DAYS) <= other.end < spell.start
        for other in worker_spells
    )


def history_start(la_spells: Sequence[RoleSpell], left: Sequence[RoleSpell]) -> date:
    """When the records begin: the first recorded departure (or first start, if nobody has left).

    Staff extracts carry the start dates of people still in post long before anyone's leaving was
    recorded; months before the first departure would count them as a workforce nobody left."""
    first = min(s.start for s in la_spells)
    ends = [s.end for s in left if s.end is not None]
    return max(first, min(ends)) if ends else first


def month_ends(first: date, last: date) -> list[date]:
    """Every month end from ``first``'s month to ``last`` (inclusive, when ``last`` is one)."""
    ends = []
    on = month_end(first.year, first.month)
    while on <= last:
        ends.append(on)
        nxt = add_months(on.replace(day=1), 1)
        on = month_end(nxt.year, nxt.month)
    return ends


def monthly_history(
    spells: Sequence[RoleSpell],
    establishment: Sequence[EstablishmentLine],
    last: date,
    settings: Settings,
    cohort_starts: Mapping[str, date],
) -> tuple[MonthRecord, ...]:
    """The months from the first LA-employed spell's month to ``last``."""
    la = [s for s in spells if s.la_employed]
    if not la:
        return ()
    workers: dict[str, list[RoleSpell]] = defaultdict(list)
    for spell in spells:
        workers[spell.worker_ref].append(spell)
    left = departures(spells, date.min, last)
    ends = month_ends(history_start(la, left), last)
    index = {(on.year, on.month): i for i, on in enumerate(ends)}
    leavers = [[0] * len(BANDS) for _ in ends]
    for spell in left:
        assert spell.end is not None
        i = index.get((spell.end.year, spell.end.month))
        if i is not None:
            place = place_worker(
                spell, workers[spell.worker_ref], spell.end, settings, cohort_starts
            )
            leavers[i][BANDS.index(place.band)] += 1
    hires, conversions = [0] * len(ends), [0] * len(ends)
    for spell in arrivals(spells, date.min, last):
        i = index.get((spell.start.year, spell.start.month))
        if i is None:
            continue
        if converted(spell, workers[spell.worker_ref]):
            conversions[i] += 1
        elif spell.cohort is None:
            hires[i] += 1
    records = []
    for i, on in enumerate(ends):
        in_post = [s for s in spells if s.in_post(on)]
        exposure = [0.0] * len(BANDS)
        for ref, spell in primary_spells(s for s in in_post if s.la_employed).items():
            band = place_worker(spell, workers[ref], on, settings, cohort_starts).band
            exposure[BANDS.index(band)] += 1.0 / 12.0
        total = workforce_position(in_post, establishment, (), on).total
        records.append(
            MonthRecord(
                end=on,
                exposure=tuple(exposure),
                leavers=tuple(leavers[i]),
                hires=hires[i],
                conversions=conversions[i],
                agency_heads=total.agency_headcount,
                in_post_fte=total.in_post_fte,
                vacancy_fte=total.vacancy_fte,
                agency_fte=total.agency_fte,
            )
        )
    return tuple(records)
