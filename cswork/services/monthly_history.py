"""Month-by-month history, computed from one load of the store (for sparklines and trends).

Loading the spells and caseload counts once and picking each month's counts from a dict keeps 24
monthly positions about as cheap as one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cswork.model.months import add_months, month_end, year_before
from cswork.model.settings import Settings
from cswork.model.workforce import CaseCount, EstablishmentLine, RoleSpell
from cswork.store import Database
from cswork.store.caseloads import (
    CountWorkers,
    count_dates,
    load_case_counts_on,
    load_count_table,
)
from cswork.store.settings import load_settings
from cswork.store.staff import (
    cohort_starts,
    load_establishment,
    load_role_spells,
    load_spell_table,
)
from cswork.store.teams import team_targets

if TYPE_CHECKING:
    from cswork.model.count_table import CaseCountTable
    from cswork.model.month_ends import MonthEnds


def month_ends(as_at: date, months: int) -> list[date]:
    """``months`` dates, oldest first, ending with ``as_at``: the month ends before it, then it."""
    ends = []
    for back in range(months - 1, 0, -1):
        earlier = add_months(as_at, -back)
        ends.append(month_end(earlier.year, earlier.month))
    return [*ends, as_at]


class CountsByDate:
    """Caseload counts grouped by count date, to pick the latest count on or before a day."""

    def __init__(self, counts: Iterable[CaseCount]) -> None:
        grouped: dict[date, list[CaseCount]] = defaultdict(list)
        for count in counts:
            grouped[count.as_at].append(count)
        self._dates = sorted(grouped)
        self._grouped = grouped

    def latest_on_or_before(self, day: date) -> list[CaseCount]:
        """The counts of the latest count date not after ``day`` (empty if none)."""
        index = bisect_right(self._dates, day)
        return self._grouped[self._dates[index - 1]] if index else []


@dataclass(frozen=True, slots=True)
class MonthlyHistory:
    """Everything the monthly figures need, loaded once up to the as-at date."""

    spells: Sequence[RoleSpell]
    establishment: Sequence[EstablishmentLine]
    counts: CountsByDate
    settings: Settings
    team_targets: dict[str, float]
    cohort_starts: dict[str, date]


def _latest_count_dates(db: Database, days: Sequence[date]) -> list[date]:
    """For each of ``days``, the latest caseload count date on or before it (where there is one)."""
    held = count_dates(db)
    chosen = []
    for day in days:
        index = bisect_right(held, day)
        if index:
            chosen.append(held[index - 1])
    return chosen


def load_monthly_history(db: Database, days: Sequence[date]) -> MonthlyHistory:
    """Load what figures at ``days`` need: spells started by the last day, establishment,
    settings, and only the caseload counts the days use."""
    as_at = max(days)
    return MonthlyHistory(
        spells=load_role_spells(db, started_by=as_at),
        establishment=load_establishment(db),
        counts=CountsByDate(load_case_counts_on(db, _latest_count_dates(db, days))),
        settings=load_settings(db),
        team_targets=team_targets(db),
        cohort_starts=cohort_starts(db),
    )


def load_month_ends(
    db: Database,
    days: Sequence[date],
    *,
    spells_from: date | None = None,
    workers: CountWorkers | None = None,
) -> MonthEnds:
    """What positions and pressures at ``days`` need, as columns: the spells of everyone in post
    in the year before the first day or since (no one else counts on any of the days), and only
    the caseload counts the days use. With ``spells_from``, the spells for days from that date
    (so that :meth:`MonthEnds.with_counts` can add the counts of more days later); ``workers``
    numbers the counts' workers (read from the store when not given)."""
    from cswork.model.month_ends import MonthEnds  # numpy: not on the command line's path

    first, last = min(days if spells_from is None else [*days, spells_from]), max(days)
    return MonthEnds(
        *load_spell_table(db, started_by=last, workers_in_post_since=year_before(first)),
        load_establishment(db),
        count_table_for(db, days, workers),
        load_settings(db),
        team_targets(db),
        cohort_starts(db),
    )


def count_table_for(
    db: Database, days: Sequence[date], workers: CountWorkers | None = None
) -> CaseCountTable:
    """The caseload counts figures at ``days`` use (each day's latest count), as columns, their
    workers numbered by ``workers`` (read from the store when not given)."""
    return load_count_table(db, sorted(set(_latest_count_dates(db, days))), workers)


def more_counts(
    db: Database, held: CaseCountTable, days: Sequence[date], workers: CountWorkers
) -> CaseCountTable:
    """:func:`count_table_for` ``days``, given ``held``: the table of the counts some of the
    latest of ``days`` use, read with the same ``workers``. Only the dates it lacks are read (all
    earlier than its own: a day's latest count is never later than a later day's)."""
    import numpy as np

    from cswork.model.count_table import CaseCountTable

    wanted = sorted(set(_latest_count_dates(db, days)))
    earlier = [on for on in wanted if on not in held.dates]
    if [*earlier, *held.dates] != wanted:  # not the latest of them: read them all
        return load_count_table(db, wanted, workers)
    if not earlier:
        return held
    read = load_count_table(db, earlier, workers)
    return CaseCountTable(
        dates=(*read.dates, *held.dates),
        refs=read.refs,
        worker=np.concatenate((read.worker, held.worker)),
        day=np.concatenate((read.day, held.day + len(read.dates))),
        case_type=np.concatenate((read.case_type, held.case_type)),
        cases=np.concatenate((read.cases, held.cases)),
    )
