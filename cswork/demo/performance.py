"""Demo performance indicators: eight the scrutiny board would know, with targets, monthly values.

The agency rate and caseload per case-holding FTE are worked out from the demo's own workforce and
caseloads; the others (re-referrals, assessment timeliness, long CP plans, placement moves, care
leavers in education, employment or training, visits in time) are drawn around a level that the
demand surge pushes the wrong way and that eases as it passes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

from cswork.demo.activity import surge_index
from cswork.demo.workforce import DemoSpell, Workforce
from cswork.model.measures import agency_rate, caseload, round_half_up
from cswork.model.months import add_months, month_end
from cswork.model.workforce import Contract


@dataclass(frozen=True, slots=True)
class DemoIndicator:
    """An indicator's definition, target, and how it behaves: ``level`` normally, moved by
    ``surge_effect`` at the height of the surge, with month-to-month noise ``noise``."""

    code: str
    definition: str
    direction: str
    unit: str
    target: float
    level: float = 0.0
    surge_effect: float = 0.0
    noise: float = 0.0


INDICATORS: tuple[DemoIndicator, ...] = (
    DemoIndicator(
        "re-referrals", "% re-referrals within 12 months", "lower", "%", 22, 20.5, 6, 1.2
    ),
    DemoIndicator(
        "assessments-45-days",
        "% assessments completed within 45 working days",
        "higher",
        "%",
        85,
        88.5,
        -14,
        2.0,
    ),
    DemoIndicator(
        "cp-plans-2-years", "% CP plans lasting 2 years or more", "lower", "%", 4, 3.4, 1.5, 0.5
    ),
    DemoIndicator(
        "cla-3-placements",
        "% children looked after with 3+ placements in the year",
        "lower",
        "%",
        10,
        9.2,
        2.5,
        0.8,
    ),
    DemoIndicator(
        "care-leavers-eet",
        "% care leavers in education, employment or training",
        "higher",
        "%",
        55,
        56,
        -5,
        2.0,
    ),
    DemoIndicator(
        "agency-rate", "Agency social workers as % of all social workers (FTE)", "lower", "%", 15
    ),
    DemoIndicator("caseload", "Cases per case-holding FTE", "lower", "cases", 18),
    DemoIndicator(
        "visits-in-time", "% statutory visits in timescale", "higher", "%", 90, 92.5, -10, 1.5
    ),
)


def _period_ends(months: int, as_at: date) -> list[date]:
    """The last ``months`` month ends up to ``as_at`` (``as_at`` itself for its own month)."""
    ends = [
        month_end(d.year, d.month)
        for d in (add_months(as_at, -k) for k in range(months - 1, -1, -1))
    ]
    return [min(end, as_at) for end in ends]


def _agency_rates(workforce: Workforce, ends: list[date]) -> dict[date, float | None]:
    rates: dict[date, float | None] = {}
    for on in ends:
        la = agency = 0.0
        for spell in workforce.spells:
            if spell.start <= on and (spell.end is None or spell.end >= on):
                if spell.contract is Contract.AGENCY:
                    agency += spell.fte
                else:
                    la += spell.fte
        rates[on] = agency_rate(agency, la)
    return rates


def _caseloads(
    workforce: Workforce, cases: list[tuple[int, str, str, int]], ends: list[date]
) -> dict[date, float | None]:
    held: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for worker, counted_on, _, count in cases:
        held[counted_on][worker] += count
    spells_of: dict[int, list[DemoSpell]] = defaultdict(list)
    for spell in workforce.spells:
        spells_of[spell.worker].append(spell)
    result: dict[date, float | None] = {}
    for on in ends:
        by_worker = held.get(on.isoformat(), {})
        holders_fte = sum(
            s.fte
            for worker, total in by_worker.items()
            if total > 0
            for s in spells_of[worker]
            if s.start <= on and (s.end is None or s.end >= on)
        )
        result[on] = caseload(sum(by_worker.values()), holders_fte)
    return result


def indicator_rows(
    rng: np.random.Generator,
    workforce: Workforce,
    cases: list[tuple[int, str, str, int]],
    months: int,
    as_at: date,
    surge_year: int | None,
) -> Iterator[tuple[str, str, float, float]]:
    """(code, period ``YYYY-MM``, value, target) for each indicator over the last ``months``."""
    ends = _period_ends(months, as_at)
    derived = {
        "agency-rate": _agency_rates(workforce, ends),
        "caseload": _caseloads(workforce, cases, ends),
    }
    for indicator in INDICATORS:
        for on in ends:
            if indicator.code in derived:
                value = derived[indicator.code][on]
            else:
                surge = surge_index(on, surge_year) / 0.9  # 1 at the height of the surge
                value = indicator.level + indicator.surge_effect * surge
                value += float(rng.normal(0.0, indicator.noise))
                value = min(max(value, 0.0), 100.0)
            if value is None:
                continue
            rounded = round_half_up(value, 1)
            if rounded is not None:
                yield indicator.code, f"{on:%Y-%m}", rounded, float(indicator.target)
