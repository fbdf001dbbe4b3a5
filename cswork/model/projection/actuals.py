"""What actually happened at a past month end, as far as a backtest scores it, from the spells as
columns.

A backtest compares its projection with the authority's position at every month of the 12 before
its start and the months after; the starts are six months apart, so the same few dozen month ends
are asked for again and again. Each is a handful of array operations over all the spells (and one
count date's caseload counts), giving exactly the figures
:func:`cswork.model.position.workforce_position` gives for the authority: every sum adds the same
values in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from cswork.model.count_table import CaseCountTable, DatedCounts
from cswork.model.position import FigureRates, funded_fte
from cswork.model.projection.history import FundedPosts
from cswork.model.projection.state import LatestCounts
from cswork.model.spell_table import Ints, SpellTable, in_order
from cswork.model.workforce import EstablishmentLine


@dataclass(frozen=True, slots=True)
class ScoredFigures(FigureRates):
    """The authority's figures on a date that a backtest scores, each counted as
    :class:`cswork.model.position.Figures` counts it (FTE rounded to six places), with the same
    rates."""

    in_post_fte: float
    agency_fte: float
    vacancy_fte: float
    establishment_fte: float
    cases: int
    case_holders_fte: float


class ActualPositions:
    """The authority's scored figures on any date, from all its spells (``table``), funded posts
    and caseload counts; the columns that do not depend on the date are made once."""

    def __init__(
        self,
        table: SpellTable,
        establishment: Sequence[EstablishmentLine],
        counts: CaseCountTable | DatedCounts,
    ) -> None:
        self.table = table
        self.establishment = establishment
        self.counts = counts
        self.posts = FundedPosts(table, establishment)
        self.rank = table.ranks()

    def on(self, day: date) -> ScoredFigures:
        """The figures at the end of ``day``."""
        table = self.table
        in_post = table.in_post(day.toordinal())
        la_rows, agency_rows = in_post[table.la[in_post]], in_post[~table.la[in_post]]
        funded = funded_fte(self.establishment, day)
        # cases at the latest count, against each worker's main role in post (LA or agency)
        main = table.primary(in_post, self.rank)
        held = LatestCounts.of(self.counts, day, table.refs).held(len(table.refs))
        main_held = held[table.worker[main]]
        holders = main[main_held > 0]
        return ScoredFigures(
            in_post_fte=la_fte(table, la_rows),
            agency_fte=round(in_order(table.fte[agency_rows]), 6),
            vacancy_fte=round(self.posts.vacancy(la_rows, day), 6),
            establishment_fte=round(in_order(np.array(list(funded.values()))), 6),
            cases=int(main_held[main_held > 0].sum()),
            case_holders_fte=round(in_order(table.fte[holders]), 6),
        )


def la_fte(table: SpellTable, la_rows: Ints) -> float:
    """The FTE of the authority's own spells ``la_rows``, counted as the position counts it."""
    return round(in_order(table.fte[la_rows]), 6)


def in_post_on(table: SpellTable, day: date) -> float:
    """The authority's in-post FTE at the end of ``day``: exactly :meth:`ActualPositions.on`'s,
    without the posts and counts it reads besides (for a check that scores in-post FTE alone)."""
    in_post = table.in_post(day.toordinal())
    return la_fte(table, in_post[table.la[in_post]])
