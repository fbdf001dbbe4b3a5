"""The authority's past month by month: what calibration weighs and backtests compare against.

One :class:`MonthRecord` per month end: person-years of exposure by experience band (each
LA-employed person in post at the month end counts 1/12, in the band they were in that day), leavers
in the month by band (each person once, in the band of their last day), experienced hires (arrivals
not through an academy cohort nor from agency), conversions from agency, agency workers in post, and
the FTE in post, vacancy FTE and agency FTE at the month end, as the position counts them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cswork.model.months import add_months, month_end
from cswork.model.position import funded_fte
from cswork.model.projection.assumptions import BANDS
from cswork.model.projection.state import slot_bounds
from cswork.model.settings import Settings
from cswork.model.spell_table import (
    Floats,
    Ints,
    SpellTable,
    arrival_rows,
    converted_rows,
    departure_rows,
    in_order,
    month_and_day,
    weighted_counts,
)
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
    *,
    table: SpellTable | None = None,
) -> tuple[MonthRecord, ...]:
    """The months from the first LA-employed spell's month to ``last``.

    Each month end is a handful of array operations over all the spells (``table``, when given,
    must be ``SpellTable.of(spells)``, kept by a caller that asks more than once).
    """
    columns = table if table is not None else SpellTable.of(spells)
    if not columns.la.any():
        return ()
    left = departure_rows(columns, date.min, last)
    first = date.fromordinal(int(columns.start[columns.la].min()))
    if len(left):  # when the records begin (see history_start)
        first = max(first, date.fromordinal(int(columns.end[left].min())))
    ends = month_ends(first, last)
    months = len(ends)
    first_month = ends[0].year * 12 + ends[0].month - 1 if ends else 0

    def month_index(ordinals: Ints) -> Ints:
        """Each date's month as an index into ``ends`` (outside: ``months``)."""
        index: Ints = month_and_day(ordinals)[0] - first_month
        return np.where((index >= 0) & (index < months), index, months)

    asye_months, experienced_at = slot_bounds(settings)
    began = columns.asye_began(cohort_starts)
    left_bands = columns.bands(left, columns.end[left], began, asye_months, experienced_at)[0]
    leavers = (
        np.bincount(
            month_index(columns.end[left]) * len(BANDS) + left_bands,
            minlength=(months + 1) * len(BANDS),
        )
        .reshape(months + 1, len(BANDS))
        .tolist()
    )
    joined = arrival_rows(columns, date.min, last)
    from_agency = converted_rows(columns, joined, CONVERSION_DAYS)
    joined_in = month_index(columns.start[joined])
    conversions = np.bincount(joined_in[from_agency], minlength=months + 1).tolist()
    hired = ~from_agency & ~columns.in_cohort[joined]
    hires = np.bincount(joined_in[hired], minlength=months + 1).tolist()
    # Exposure adds 1/12 a person, one after another: the sum of n of them, for every n.
    twelfths = np.concatenate(([0.0], np.cumsum(np.full(len(columns), 1.0 / 12.0)))).tolist()
    rank = columns.ranks()
    by_rank = np.empty(len(rank), dtype=np.int64)
    by_rank[rank] = np.arange(len(rank))
    posts = FundedPosts(columns, establishment)
    seen = np.zeros(len(columns.refs), dtype=np.bool_)  # the agency workers of a month
    records = []
    for i, on in enumerate(ends):
        day = on.toordinal()
        in_post = columns.in_post(day)
        la_rows = in_post[columns.la[in_post]]
        agency_rows = in_post[~columns.la[in_post]]
        # people by band: each worker's main role, in whatever order (only counted)
        primary = columns.primary_set(la_rows, rank, by_rank)
        heads = columns.band_counts(primary, day, began, asye_months, experienced_at)
        exposure = tuple(twelfths[n] for n in heads)
        seen[columns.worker[agency_rows]] = True
        agency_heads = int(np.count_nonzero(seen))
        seen[columns.worker[agency_rows]] = False
        records.append(
            MonthRecord(
                end=on,
                exposure=exposure,
                leavers=tuple(leavers[i]),
                hires=hires[i],
                conversions=conversions[i],
                agency_heads=agency_heads,
                in_post_fte=round(in_order(columns.fte[la_rows]), 6),
                vacancy_fte=round(posts.vacancy(la_rows, on), 6),
                agency_fte=round(in_order(columns.fte[agency_rows]), 6),
            )
        )
    return tuple(records)


class FundedPosts:
    """Funded posts (team, OrgRole) and the LA-employed FTE in them, for vacancy FTE on any date
    as :func:`cswork.model.position.workforce_position` sums it."""

    def __init__(self, columns: SpellTable, establishment: Sequence[EstablishmentLine]) -> None:
        self.columns = columns
        self.establishment = establishment
        self.roles = int(columns.role.max(initial=0)) + 1
        self.code = columns.team * self.roles + columns.role
        self.team_of = {team: i for i, team in enumerate(columns.teams)}
        self.changes = sorted({line.effective_from for line in establishment})
        self.funded: dict[int, tuple[Ints, Floats]] = {}

    def _funded(self, on: date) -> tuple[Ints, Floats]:
        """Funded posts on ``on`` in the position's order, as codes (-1: a team with no spells)."""
        key = bisect_right(self.changes, on)
        if key not in self.funded:
            funded = funded_fte(self.establishment, on)
            codes = [
                self.team_of[team] * self.roles + role
                if team in self.team_of and 0 <= role < self.roles
                else -1
                for team, role in funded
            ]
            self.funded[key] = (
                np.array(codes, dtype=np.int64),
                np.array(list(funded.values()), dtype=np.float64),
            )
        return self.funded[key]

    def vacancy(self, la_rows: Ints, on: date) -> float:
        """Vacancy FTE on ``on`` with ``la_rows`` in post."""
        codes, funded = self._funded(on)
        size = len(self.columns.teams) * self.roles
        held = weighted_counts(self.code[la_rows], self.columns.fte[la_rows], size)
        in_post = np.where(codes >= 0, held[np.maximum(codes, 0)], 0.0)
        return in_order(np.maximum(funded - in_post, 0.0))
